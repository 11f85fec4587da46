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
        // With the swagger transformer, ts-loader compiles the whole program with its types and fails the build on a
        // type error; fork-ts-checker would type-check the same program a second time in two more processes per app
        // (about 2 GB and a core each). `npm run lint` runs tsc over everything besides.
        typeCheckOptions: false,
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
