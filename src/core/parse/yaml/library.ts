// The yaml package, required on first use rather than at import: the editor's bundle keeps it in a file of its own
// (dist/extension.yaml.js, see webpack.config.js), so activating for a TOML or XML file never loads its ~100 KB.
import type * as Yaml from 'yaml';

let lib: typeof Yaml | undefined;

function yaml(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deferred require is the point of this module
  return (lib ??= require('yaml') as typeof Yaml);
}

export const isMap: typeof Yaml.isMap = <K, V>(node: unknown): node is Yaml.YAMLMap<K, V> => yaml().isMap<K, V>(node);
export const isScalar: typeof Yaml.isScalar = <T>(node: unknown): node is Yaml.Scalar<T> => yaml().isScalar<T>(node);
export const visit = (...args: Parameters<typeof Yaml.visit>): void => yaml().visit(...args);
export const parse: typeof Yaml.parse = ((src: string, ...rest: unknown[]) => (yaml().parse as (...a: unknown[]) => unknown)(src, ...rest)) as typeof Yaml.parse;
export const parseAllDocuments: typeof Yaml.parseAllDocuments = ((src: string, options?: Parameters<typeof Yaml.parseAllDocuments>[1]) =>
  yaml().parseAllDocuments(src, options)) as typeof Yaml.parseAllDocuments;
