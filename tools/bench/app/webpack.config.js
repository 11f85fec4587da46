const { join } = require('node:path');
const { keelAppWebpackConfig } = require('../../build/keel-app-webpack.config');

// Built exactly like apps/api, so the bench measures what production runs.
module.exports = keelAppWebpackConfig(join(__dirname, '../../../dist/tools/bench-app'));
