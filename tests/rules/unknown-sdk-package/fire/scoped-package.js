import platformClient from '@genesyscloud/purecloud-platform-client-v2';

const api = new platformClient.ConversationsApi();
