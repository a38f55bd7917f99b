const platformClient = require('purecloud-platform-client-v2');
const routingApi = new platformClient.RoutingApi();

routingApi.getConversation(conversationId);
