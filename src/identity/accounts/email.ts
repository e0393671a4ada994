/** E-mail addresses compare case-insensitively (in practice every provider treats them so). */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();
