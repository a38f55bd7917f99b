import platformClient from 'purecloud-platform-client-v2';

const { GroupsApi } = platformClient;
jest.mock('purecloud-platform-client-v2');

beforeEach(() => {
  GroupsApi.mockClear();
});
