import platformClient from 'purecloud-platform-client-v2';

platformClient.ConversationsApi.patchConversationParticipant(cid, pid, { state: 'disconnected' });
