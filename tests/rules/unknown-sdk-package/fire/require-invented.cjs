const platformClient = require('genesys-cloud-sdk');
