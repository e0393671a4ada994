import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';

import { buildIcs } from './ics.js';
import { localToUtc } from './time.js';

describe('the .ics of an appointment', () => {
  const event = {
    uid: '01a2184c-0000-7000-8000-000000000001@beradig.test',
    sequence: 0,
    method: 'REQUEST' as const,
    start: localToUtc('2026-03-30', '09:00'),
    end: localToUtc('2026-03-30', '09:50'),
    summary: 'Beratungstermin – Erziehungsberatung Musterstadt, Süd; mit Komma',
    description: 'Zu Ihrem Termin: https://beradig.test/musterstadt/termine\nBitte seien Sie pünktlich.',
    location: 'Video (Link in BeraDIG)',
    organizer: { name: 'Erziehungsberatung Musterstadt', email: 'no-reply@beradig.test' },
    now: new Date('2026-03-01T10:00:00Z'),
  };

  it('is read by a standard iCalendar parser with the local times in Europe/Berlin and the UID', () => {
    const ics = buildIcs(event);
    expect(ics.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(ics));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const zone = new ICAL.Timezone(calendar.getFirstSubcomponent('vtimezone')!);
    ICAL.TimezoneService.register(zone);
    const vevent = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(vevent.uid).toBe(event.uid);
    expect(vevent.summary).toBe(event.summary);
    expect(vevent.description).toBe(event.description);
    expect(vevent.startDate.toString()).toBe('2026-03-30T09:00:00');
    expect(calendar.getFirstSubcomponent('vevent')!.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Berlin');
    expect(vevent.startDate.zone?.tzid).toBe('Europe/Berlin');
    expect(vevent.endDate.toString()).toBe('2026-03-30T09:50:00');
    // Summer time already: 09:00 in Berlin is 07:00 UTC.
    expect(vevent.startDate.toJSDate().toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });

  it('cancels with the same UID and a higher sequence', () => {
    const calendar = new ICAL.Component(ICAL.parse(buildIcs({ ...event, method: 'CANCEL', sequence: 2 })));
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('uid')).toBe(event.uid);
    expect(vevent.getFirstPropertyValue('sequence')).toBe(2);
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
  });
});
