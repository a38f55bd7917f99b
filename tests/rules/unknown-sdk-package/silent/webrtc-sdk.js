// Genesys's WebRTC SDK is a real package of its own, not a misnamed platform SDK.
import { GenesysCloudWebrtcSdk } from 'genesys-cloud-webrtc-sdk';

const sdk = new GenesysCloudWebrtcSdk({ accessToken: process.env.TOKEN, environment: 'mypurecloud.com' });
