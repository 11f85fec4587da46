const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');

// One bundle of the app and the libs it imports; node_modules stay external.
// The @nestjs/swagger plugin reads DTOs and controllers at compile time so the
// OpenAPI document describes every field without hand-written decorators.
module.exports = {
  output: { path: join(__dirname, '../../dist/apps/worker') },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      outputHashing: 'none',
      optimization: false,
      sourceMap: true,
      externalDependencies: 'all',
      generatePackageJson: false,
      transformers: [
        { name: '@nestjs/swagger/plugin', options: { introspectComments: true, classValidatorShim: true } },
      ],
    }),
  ],
};
