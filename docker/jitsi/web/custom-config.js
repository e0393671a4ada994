// BeraDIG: appended to Jitsi Meet's config.js. Nothing of a counselling session is recorded,
// streamed, transcribed or sent to third parties; people come in through BeraDIG's pages only.
config.recordingService = { enabled: false, sharingEnabled: false };
config.fileRecordingsEnabled = false;
config.liveStreamingEnabled = false;
config.liveStreaming = { enabled: false };
config.localRecording = { disable: true };
config.transcription = { enabled: false };
config.transcribingEnabled = false;
config.disableInviteFunctions = true;
config.doNotStoreRoom = true;
config.disableThirdPartyRequests = true;
config.analytics = { disabled: true };
config.gravatar = { disabled: true };
config.giphy = { enabled: false };
config.prejoinConfig = { enabled: false };
config.disableDeepLinking = true;
// End-to-end encryption stays available: BeraDIG's call page switches it on when everyone
// in the call can take part.
config.e2ee = Object.assign({}, config.e2ee, { disabled: false });
