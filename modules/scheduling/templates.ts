import { defineTemplates, type TemplateParams } from '#kernel';

const WEEKDAYS = {
  de: ['', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag'],
  en: ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};
const CONTACT = {
  de: { video: 'Video', chat: 'Chat', mail: 'schriftlich', phone: 'Telefon', 'in-person': 'in der Beratungsstelle' } as Record<string, string>,
  en: { video: 'video', chat: 'chat', mail: 'in writing', phone: 'phone', 'in-person': 'at the centre' } as Record<string, string>,
};

/** "Montag, 30.03.2026, 09:00–09:50 Uhr (Video)": when and how, never with whom or why. */
function when(p: TemplateParams, lang: 'de' | 'en'): string {
  const v = p.values ?? {};
  const day = WEEKDAYS[lang][Number(v.weekday)] ?? '';
  const how = CONTACT[lang][v.contactType ?? ''] ?? v.contactType ?? '';
  return lang === 'de' ? `${day}, ${v.date}, ${v.time}–${v.endTime} Uhr (${how})` : `${day}, ${v.date}, ${v.time}–${v.endTime} (${how})`;
}

/**
 * This module's e-mails: that an appointment was made, moved, cancelled or is tomorrow, with its
 * time and way of contact (the calendar entry needs them) — never with whom, never the note.
 */
export const SCHEDULING_TEMPLATES = defineTemplates({
  'appointment-booked': {
    de: (p) => ({
      subject: 'Beratungstermin gebucht – BeraDIG',
      text: `Guten Tag,\n\nbei „${p.centreName}“ ist ein Beratungstermin gebucht:\n\n${when(p, 'de')}\n\nDen Termin für Ihren Kalender finden Sie im Anhang. Alles Weitere sehen Sie nach der Anmeldung in BeraDIG unter „Termine“:\n\n${p.link}`,
    }),
    en: (p) => ({
      subject: 'Appointment booked – BeraDIG',
      text: `Hello,\n\nan appointment at "${p.centreName}" is booked:\n\n${when(p, 'en')}\n\nThe calendar entry is attached. Everything else is in BeraDIG under "Appointments" after logging in:\n\n${p.link}`,
    }),
  },
  'appointment-moved': {
    de: (p) => ({
      subject: 'Beratungstermin verschoben – BeraDIG',
      text: `Guten Tag,\n\nein Beratungstermin bei „${p.centreName}“ wurde verschoben. Neu:\n\n${when(p, 'de')}\n\nDer geänderte Kalendereintrag ist im Anhang. Einzelheiten nach der Anmeldung in BeraDIG:\n\n${p.link}`,
    }),
    en: (p) => ({
      subject: 'Appointment moved – BeraDIG',
      text: `Hello,\n\nan appointment at "${p.centreName}" was moved. New time:\n\n${when(p, 'en')}\n\nThe changed calendar entry is attached. Details in BeraDIG after logging in:\n\n${p.link}`,
    }),
  },
  'appointment-cancelled': {
    de: (p) => ({
      subject: 'Beratungstermin abgesagt – BeraDIG',
      text: `Guten Tag,\n\nein Beratungstermin bei „${p.centreName}“ wurde abgesagt:\n\n${when(p, 'de')}\n\nDer Termin ist wieder frei. Einen neuen können Sie nach der Anmeldung in BeraDIG buchen:\n\n${p.link}`,
    }),
    en: (p) => ({
      subject: 'Appointment cancelled – BeraDIG',
      text: `Hello,\n\nan appointment at "${p.centreName}" was cancelled:\n\n${when(p, 'en')}\n\nThe time is free again. You can book a new one in BeraDIG after logging in:\n\n${p.link}`,
    }),
  },
  'appointment-reminder': {
    de: (p) => ({
      subject: 'Erinnerung an Ihren Beratungstermin – BeraDIG',
      text: `Guten Tag,\n\nwir erinnern an Ihren Beratungstermin bei „${p.centreName}“:\n\n${when(p, 'de')}\n\nFalls etwas dazwischenkommt, sagen Sie ihn bitte in BeraDIG ab:\n\n${p.link}`,
    }),
    en: (p) => ({
      subject: 'Reminder of your appointment – BeraDIG',
      text: `Hello,\n\na reminder of your appointment at "${p.centreName}":\n\n${when(p, 'en')}\n\nIf something comes up, please cancel it in BeraDIG:\n\n${p.link}`,
    }),
  },
  'booking-assigned': {
    de: (p) => ({
      subject: 'Termin gebucht: eine Anfrage ist zugeordnet – BeraDIG',
      text: `Guten Tag,\n\nbei „${p.centreName}“ hat eine ratsuchende Person, die noch keiner Fachkraft zugeordnet war, einen Termin gebucht. Sie ist damit der Fachkraft dieses Termins zugeordnet. Sie müssen nichts tun; die Übersicht finden Sie hier:\n\n${p.link}`,
    }),
    en: (p) => ({
      subject: 'Appointment booked: an enquiry is assigned – BeraDIG',
      text: `Hello,\n\nat "${p.centreName}", a client who was not yet assigned booked an appointment and is now assigned to that appointment's counsellor. Nothing to do for you; the overview is here:\n\n${p.link}`,
    }),
  },
  'crisis-client': {
    de: (p) => ({
      subject: 'Krisenkontakt: eine neue ratsuchende Person ist Ihnen zugeordnet – BeraDIG',
      text: `Guten Tag,\n\nSie sind bei „${p.centreName}“ als Krisenkontakt eingeteilt. Eine ratsuchende Person hat sich gerade registriert und ist Ihnen direkt zugeordnet worden. Bitte sehen Sie bald nach ihr:\n\n${p.link}`,
    }),
    en: (p) => ({
      subject: 'Crisis contact: a new client is assigned to you – BeraDIG',
      text: `Hello,\n\nyou are on duty as crisis contact at "${p.centreName}". A client has just registered and was assigned to you directly. Please look after them soon:\n\n${p.link}`,
    }),
  },
});
