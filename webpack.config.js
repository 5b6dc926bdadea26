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
  resolve: { extensions: ['.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } },
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

module.exports = (env, argv) => [
  {
    ...common(env, argv),
    name: 'extension',
    entry: { extension: './src/extension/extension.ts' },
    // The probe (mysql2) is a separate chunk, dist/extension.probe.js (the .vscodeignore allowlist's dist/extension.*.js), loaded by a dynamic import on first use: never at activation.
    // The IAM token signer (@aws-sdk/rds-signer) is a chunk of its own, dist/extension.iam.js, loaded by the probe only for an IAM probe;
    // the AWS credential providers it tries load on demand from further numbered chunks (dist/extension.<id>.js).
    output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', chunkFilename: 'extension.[name].js', libraryTarget: 'commonjs2' },
    externals: { vscode: 'commonjs vscode' },
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
    plugins: [new webpack.BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true }), new ChmodPlugin('cli.js')],
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
    plugins: [new CopyWebviewAssetsPlugin()],
  },
];
