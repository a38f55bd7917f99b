import platformClient from 'purecloud-platform-client-v2';

export const api = new platformClient.ConversationsApi();
