import purecloudplatformclientv2 as platform_client

api = platform_client.ConversationsApi()
