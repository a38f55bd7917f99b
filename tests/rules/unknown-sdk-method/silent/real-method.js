const platformClient = require('purecloud-platform-client-v2');
const apiInstance = new platformClient.ConversationsApi();

apiInstance.patchConversationParticipant(conversationId, participantId, { state: 'disconnected' });
