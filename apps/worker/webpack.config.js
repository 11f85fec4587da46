const { join } = require('node:path');
const { keelAppWebpackConfig } = require('../../tools/build/keel-app-webpack.config');

module.exports = keelAppWebpackConfig(join(__dirname, '../../dist/apps/worker'));
