import type { VideoJoinView } from '@modules/video/contracts';

/** The part of Jitsi's IFrame API (`JitsiMeetExternalAPI`) the call page uses. */
export interface JitsiApi {
  addListener(event: string, listener: (payload: never) => void): void;
  executeCommand(command: string, ...args: unknown[]): void;
  getIFrame(): HTMLIFrameElement;
  dispose(): void;
}

type JitsiConstructor = new (domain: string, options: Record<string, unknown>) => JitsiApi;

const loaded = new Map<string, Promise<JitsiConstructor>>();

/**
 * Loads `external_api.js` from the centre's Jitsi server (the page's CSP allows exactly that
 * origin), once per page.
 */
export function loadJitsi(domain: string, doc: Document = document): Promise<JitsiConstructor> {
  const known = loaded.get(domain);
  if (known) return known;
  const loading = new Promise<JitsiConstructor>((resolve, reject) => {
    const script = doc.createElement('script');
    script.src = `https://${domain}/external_api.js`;
    script.async = true;
    script.onload = () => {
      const api = (doc.defaultView as (Window & { JitsiMeetExternalAPI?: JitsiConstructor }) | null)?.JitsiMeetExternalAPI;
      if (api) resolve(api);
      else reject(new Error('external_api.js defined no JitsiMeetExternalAPI'));
    };
    script.onerror = () => {
      script.remove();
      loaded.delete(domain);
      reject(new Error('external_api.js could not be loaded'));
    };
    doc.head.appendChild(script);
  });
  loaded.set(domain, loading);
  return loading;
}

/** Jitsi's toolbar without recording, streaming, inviting by Jitsi's own link or third-party video. */
const TOOLBAR = [
  'microphone', 'camera', 'desktop', 'chat', 'raisehand', 'participants-pane', 'tileview', 'select-background',
  'toggle-camera', 'videoquality', 'settings', 'fullscreen', 'security', 'noisesuppression', 'hangup',
];

/**
 * The IFrame API's options for a room: the token, the person's name, the room's options — and
 * everything that would record, stream, transcribe or talk to third parties switched off here
 * too (the deployment switches it off on the server, where it counts).
 */
export function jitsiOptions(join: VideoJoinView, lang: string, parentNode: HTMLElement): Record<string, unknown> {
  const { options } = join;
  return {
    roomName: join.jitsiRoom,
    jwt: join.jwt,
    parentNode,
    width: '100%',
    height: '100%',
    lang,
    userInfo: { displayName: join.displayName },
    configOverwrite: {
      // The app's own page checked camera and microphone before; no second waiting room.
      prejoinConfig: { enabled: false },
      prejoinPageEnabled: false,
      disableDeepLinking: true,
      startWithAudioMuted: options.startMuted,
      startAudioOnly: options.audioOnly,
      startWithVideoMuted: options.audioOnly,
      toolbarButtons: options.audioOnly ? TOOLBAR.filter((b) => !['camera', 'select-background', 'toggle-camera', 'videoquality'].includes(b)) : TOOLBAR,
      hideConferenceSubject: true,
      lobby: { autoKnock: true, enableChat: false },
      localRecording: { disable: true },
      recordingService: { enabled: false, sharingEnabled: false },
      liveStreaming: { enabled: false },
      liveStreamingEnabled: false,
      transcription: { enabled: false },
      transcribingEnabled: false,
    },
    interfaceConfigOverwrite: { SHOW_JITSI_WATERMARK: false, SHOW_WATERMARK_FOR_GUESTS: false, MOBILE_APP_PROMO: false, SHOW_CHROME_EXTENSION_BANNER: false },
  };
}
