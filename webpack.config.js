// Three bundles:
//   dist/extension.js          the VS Code extension (package.json "main"); `vscode` is provided by the host. Node.
//   dist/cli.js                the aurora-guard CLI (package.json "bin"), with a shebang and the executable bit. Node.
//   dist/webview/probes.js     the Probes view's script (browser): the web components it uses
//                              (@vscode-elements/elements, lit) and the chart (uPlot). Never in dist/extension.js.
//
// ts-loader runs with transpileOnly (type checking is `npm run compile` / `tsc -p .`) and needs TypeScript's
// JavaScript API. typescript is pinned to 6.0.3 on purpose: typescript@7 (the native compiler, the registry's
// `latest`) ships a `tsc` binary but no JavaScript API (`require('typescript')` fails), so ts-loader cannot use it.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const webpack = require('webpack');

/** @type {(env: unknown, argv: { mode?: string }) => import('webpack').Configuration} */
const common = (_env, argv) => ({
  target: 'node20',
  mode: argv.mode || 'none',
  devtool: argv.mode === 'production' ? 'source-map' : 'eval-cheap-module-source-map',
  // extensionAlias: `import('./runner.js')` (the spelling TypeScript's node16 resolution wants) finds runner.ts.
  resolve: {
    extensions: ['.ts', '.js'],
    extensionAlias: { '.js': ['.ts', '.js'] },
    // fast-xml-parser's ES module build (the same release as its CommonJS lib/fxp.cjs that Node loads): webpack can
    // then drop the parser and builder the core never uses and keep only XMLValidator (~70 KB less at activation)
    alias: { 'fast-xml-parser$': path.join(__dirname, 'node_modules/fast-xml-parser/src/fxp.js') },
  },
  module: {
    rules: [
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        use: [{ loader: 'ts-loader', options: { transpileOnly: true, compiler: require.resolve('typescript') } }],
      },
    ],
  },
  optimization: { minimize: false },
  performance: { hints: false },
  infrastructureLogging: { level: 'warn' },
  stats: 'errors-warnings',
  node: { __dirname: false, __filename: false },
});

/** Makes dist/cli.js executable after it is written (npm also does this for "bin" on install). */
class ChmodPlugin {
  constructor(file) {
    this.file = file;
  }
  apply(compiler) {
    compiler.hooks.afterEmit.tap('ChmodPlugin', () => {
      const p = path.join(compiler.options.output.path, this.file);
      if (fs.existsSync(p)) fs.chmodSync(p, 0o755);
    });
  }
}

/** Copies the chart library's stylesheet (uPlot, bundled locally: the webview loads nothing remote) into dist/webview/. */
class CopyWebviewAssetsPlugin {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('CopyWebviewAssetsPlugin', () => {
      const out = compiler.options.output.path;
      fs.mkdirSync(out, { recursive: true });
      fs.copyFileSync(require.resolve('uplot/dist/uPlot.min.css'), path.join(out, 'uPlot.min.css'));
    });
  }
}

/**
 * Writes dist/THIRD-PARTY-NOTICES.txt: every npm package whose code a bundle holds (found from the modules webpack
 * built, concatenated modules included), with its version, licence id and the text of its licence/notice files from
 * node_modules. Each bundle records its packages in dist/third-party/<bundle>.json; the notices file is the union of
 * the bundles' records, so building one bundle (--config-name) keeps the others'. Shipped in the .vsix and the npm
 * package, and checked against the source maps by test/package (vsix.test.js, npm.test.js).
 */
class ThirdPartyNoticesPlugin {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('ThirdPartyNoticesPlugin', (compilation) => {
      const dirs = new Map();
      const visit = (m) => {
        if (m.modules) for (const inner of m.modules) visit(inner);
        const res = m.resource;
        if (!res) return;
        const match = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(res);
        if (match) dirs.set(match[1], true);
      };
      for (const m of compilation.modules) visit(m);
      const packages = [];
      for (const dir of dirs.keys()) {
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
        const files = fs.readdirSync(dir).filter((f) => /^(licen[cs]e|copying|notice)([.-].*)?$/i.test(f)).sort();
        packages.push({ name: pkg.name, version: pkg.version, license: typeof pkg.license === 'string' ? pkg.license : pkg.license?.type ?? null, dir: path.relative(__dirname, dir).split(path.sep).join('/'), files });
      }
      packages.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
      const root = path.resolve(__dirname, 'dist');
      fs.mkdirSync(path.join(root, 'third-party'), { recursive: true });
      fs.writeFileSync(path.join(root, 'third-party', `${compiler.options.name}.json`), JSON.stringify(packages, null, 2) + '\n');
      writeNotices(root);
    });
  }
}

function writeNotices(root) {
  const all = new Map();
  const dir = path.join(root, 'third-party');
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
    const bundle = f.replace(/\.json$/, '');
    for (const p of JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))) {
      const key = `${p.name}@${p.version}`;
      if (!all.has(key)) all.set(key, { ...p, bundles: [] });
      all.get(key).bundles.push(bundle);
    }
  }
  const rule = '-'.repeat(78);
  const out = [
    'THIRD-PARTY NOTICES',
    '',
    'Aurora Failover Guard bundles code of the npm packages below into its JavaScript files (webpack: the extension',
    'dist/extension.js, the CLI dist/cli.js, the Probes view dist/webview/probes.js, and the chunks they load).',
    'Each package is listed with its version, its licence and the text of the licence and notice files it ships.',
    '',
  ];
  const sorted = [...all.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  for (const p of sorted) {
    out.push(rule, `${p.name} ${p.version}`, `License: ${p.license ?? 'not stated in its package.json'}`, `Bundled in: ${p.bundles.join(', ')}`, '');
    if (!p.files.length) {
      const same = sorted.find((q) => q.files.length && q.license && q.license === p.license);
      out.push(`(the package ships no licence file; its package.json states ${p.license ?? 'no licence'}${same ? `, whose text is printed under ${same.name} ${same.version}` : ''})`, '');
    }
    for (const f of p.files) {
      out.push(`${f}:`, '', fs.readFileSync(path.join(__dirname, p.dir, f), 'utf8').replace(/\r\n/g, '\n').trimEnd(), '');
    }
  }
  fs.writeFileSync(path.join(root, 'THIRD-PARTY-NOTICES.txt'), out.join('\n') + '\n');
}

module.exports = (env, argv) => [
  {
    ...common(env, argv),
    name: 'extension',
    // The yaml package is a bundle of its own, dist/extension.yaml.js, that src/core/parse/yaml/library.ts requires on
    // first use (a Helm values file or a ConfigMap), so activation never loads it: `externals` maps the core's
    // require('yaml') to that file, and the second entry builds it (named by path, which the external doesn't match).
    entry: { extension: './src/extension/extension.ts', 'extension.yaml': require.resolve('yaml') },
    // The probe (mysql2) is a separate chunk, dist/extension.probe.js (the .vscodeignore allowlist's dist/extension.*.js), loaded by a dynamic import on first use: never at activation.
    // The IAM token signer (@aws-sdk/rds-signer) is a chunk of its own, dist/extension.iam.js, loaded by the probe only for an IAM probe;
    // the AWS credential providers it tries load on demand from further numbered chunks (dist/extension.<id>.js).
    output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', chunkFilename: 'extension.[name].js', libraryTarget: 'commonjs2' },
    externals: { vscode: 'commonjs vscode', yaml: 'commonjs ./extension.yaml.js' },
    plugins: [new ThirdPartyNoticesPlugin()],
    // minified (webpack's built-in minimizer) to keep the activation bundle under the bench's 400 KB target
    // No splitting, except one: the AWS SDK code that the IAM chunk and the credential-provider chunks it loads on
    // demand (SSO, STS, …) share goes into one chunk, dist/extension.aws.js, instead of a copy in each of them.
    optimization: {
      minimize: true,
      splitChunks: {
        chunks: 'async',
        cacheGroups: {
          default: false,
          defaultVendors: false,
          aws: { test: /[\\/]node_modules[\\/]@(aws-sdk|smithy)[\\/]/, name: 'aws', chunks: 'async', minChunks: 2, minSize: 0, enforce: true },
        },
      },
    },
  },
  {
    ...common(env, argv),
    name: 'cli',
    entry: { cli: './src/cli/main.ts' },
    // lazy chunks (the IAM signer and the AWS credential providers it loads on demand) as dist/cli.<chunk>.js,
    // apart from the extension's dist/extension.<chunk>.js, so the .vsix allowlist never picks up the CLI's
    output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', chunkFilename: 'cli.[name].js', libraryTarget: 'commonjs2' },
    plugins: [new webpack.BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true }), new ChmodPlugin('cli.js'), new ThirdPartyNoticesPlugin()],
  },
  {
    ...common(env, argv),
    name: 'webview',
    target: ['web', 'es2022'],
    entry: { probes: './src/webview/probes/main.ts' },
    output: { path: path.resolve(__dirname, 'dist', 'webview'), filename: '[name].js' },
    // no source map: dist/webview/ ships in the .vsix as it is (and the CSP allows no eval)
    devtool: false,
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: [{ loader: 'ts-loader', options: { transpileOnly: true, compiler: require.resolve('typescript'), configFile: path.resolve(__dirname, 'src/webview/tsconfig.json') } }],
        },
      ],
    },
    optimization: { minimize: true },
    plugins: [new CopyWebviewAssetsPlugin(), new ThirdPartyNoticesPlugin()],
  },
];
