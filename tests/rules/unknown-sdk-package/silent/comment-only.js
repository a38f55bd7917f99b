// npm install @genesyscloud/purecloud-platform-client-v2 was the old advice; this file imports nothing.
export const answer = 42;
