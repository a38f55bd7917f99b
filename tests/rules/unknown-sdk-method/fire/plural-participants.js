const platformClient = require('purecloud-platform-client-v2');
const conversationsApi = new platformClient.ConversationsApi();

conversationsApi.patchConversationParticipants(conversationId, body);
