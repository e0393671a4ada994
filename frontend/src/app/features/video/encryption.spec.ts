import { browserSupportsE2ee, type Encryption, EncryptionController, EncryptionPolicy } from './encryption';

describe('EncryptionPolicy', () => {
  it('wants E2EE only when everyone else in the call reported support and nobody knocks', () => {
    const policy = new EncryptionPolicy(true);
    expect(policy.reason).toBe('alone');
    policy.joined('a');
    expect(policy.reason).toBe('unsupported');
    policy.reported('a', true);
    expect(policy.wanted).toBe(true);
    policy.reported('b', false);
    policy.joined('b');
    expect(policy.reason).toBe('unsupported');
    policy.left('b');
    expect(policy.wanted).toBe(true);
    policy.knocked('c');
    expect(policy.reason).toBe('knocking');
    policy.joined('c');
    expect(policy.reason).toBe('unsupported');
    policy.reported('c', true);
    expect(policy.wanted).toBe(true);
    policy.knocked('d');
    policy.answered('d');
    expect(policy.wanted).toBe(true);
    policy.knocked('e');
    policy.lobbyCleared();
    expect(policy.wanted).toBe(true);
  });

  it('never wants it where this browser cannot take part', () => {
    const policy = new EncryptionPolicy(false);
    policy.joined('a');
    policy.reported('a', true);
    expect(policy.reason).toBe('thisBrowser');
  });

  it('counts someone who never reported (came in another way) as unable', () => {
    const policy = new EncryptionPolicy(true);
    policy.joined('a');
    policy.reported('a', true);
    policy.joined('stranger');
    expect(policy.wanted).toBe(false);
  });
});

describe('EncryptionController', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const policy = new EncryptionPolicy(true);
    const commands: boolean[] = [];
    const states: Encryption[] = [];
    const controller = new EncryptionController(policy, (on) => commands.push(on), (s) => states.push(s), 1000);
    return { policy, commands, states, controller };
  }

  it('switches E2EE on when wanted and says so only after the key exchange had time', () => {
    const { policy, commands, states, controller } = setup();
    policy.joined('a');
    controller.update();
    expect(commands).toEqual([]);
    policy.reported('a', true);
    controller.update();
    expect(commands).toEqual([true]);
    expect(controller.current).toBe('switching');
    vi.advanceTimersByTime(999);
    expect(controller.current).toBe('switching');
    vi.advanceTimersByTime(1);
    expect(controller.current).toBe('e2ee');
    expect(states).toEqual(['switching', 'e2ee']);
  });

  it('switches it off at once when someone knocks or an unable browser joins', () => {
    const { policy, commands, controller } = setup();
    policy.joined('a');
    policy.reported('a', true);
    controller.update();
    vi.advanceTimersByTime(1000);
    policy.knocked('k');
    controller.update();
    expect(commands).toEqual([true, false]);
    expect(controller.current).toBe('transport');
  });

  it('never says "on" when it was switched off again during the key exchange', () => {
    const { policy, controller, states } = setup();
    policy.joined('a');
    policy.reported('a', true);
    controller.update();
    policy.joined('b');
    controller.update();
    vi.advanceTimersByTime(5000);
    expect(controller.current).toBe('transport');
    expect(states).toEqual(['switching', 'transport']);
  });
});

describe('browserSupportsE2ee', () => {
  it('looks for insertable streams (Chromium) or the script transform (Safari, Firefox)', () => {
    expect(browserSupportsE2ee({})).toBe(false);
    expect(browserSupportsE2ee({ RTCRtpSender: { prototype: {} } })).toBe(false);
    expect(browserSupportsE2ee({ RTCRtpSender: { prototype: { createEncodedStreams: () => null } } })).toBe(true);
    expect(browserSupportsE2ee({ RTCRtpSender: { prototype: {} }, RTCRtpScriptTransform: class {} })).toBe(true);
  });
});
