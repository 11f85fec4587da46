const { chmodSync } = require('node:fs');
const { join } = require('node:path');
const { BannerPlugin } = require('webpack');
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');

const outputPath = join(__dirname, '../../dist/tools/keel-gate');
const outputFileName = 'keel-gate.js';

/** After emit, the bundle is made executable: `./dist/tools/keel-gate/keel-gate.js` runs like `node …`. */
class ExecutableBundlePlugin {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('ExecutableBundlePlugin', () => chmodSync(join(outputPath, outputFileName), 0o755));
  }
}

// keel-gate is copied into CI jobs as one file: it imports only Node built-ins, so the bundle needs nothing beside it.
module.exports = {
  // No default entry (./src as "main"): the plugin adds the one entry, named after outputFileName.
  entry: {},
  output: { path: outputPath },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      outputHashing: 'none',
      optimization: false,
      sourceMap: false,
      externalDependencies: 'all',
      generatePackageJson: false,
    }),
    new BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true }),
    new ExecutableBundlePlugin(),
  ],
};
