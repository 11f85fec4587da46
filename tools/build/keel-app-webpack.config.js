const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');

/**
 * How every Keel app is built: one bundle of the app and the libs it imports,
 * node_modules kept external. The @nestjs/swagger plugin reads DTOs and
 * controllers at compile time so the OpenAPI document describes every field
 * without hand-written decorators.
 *
 * @param {string} outputPath absolute output folder
 */
function keelAppWebpackConfig(outputPath) {
  return {
    output: { path: outputPath },
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
          {
            name: '@nestjs/swagger/plugin',
            options: {
              introspectComments: true,
              classValidatorShim: true,
              // Request DTOs and response classes alike, so every body in the document has its fields and examples.
              dtoFileNameSuffix: ['.dto.ts', '.entity.ts', '.response.ts'],
            },
          },
        ],
      }),
    ],
  };
}

module.exports = { keelAppWebpackConfig };
