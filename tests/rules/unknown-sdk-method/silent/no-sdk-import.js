// A name that sounds like an API object, in code that does not use the Genesys SDK.
export function refresh(conversationsApi) {
  return conversationsApi.patchConversationParticipants('a', {});
}
