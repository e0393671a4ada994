import { PriceList } from './platform/pricing.js';

/**
 * The membership price list from the product description (EUR). Configuration, not code:
 * PRICING_FILE points to a JSON file of the same shape to replace it.
 */
export const DEFAULT_PRICE_LIST = new PriceList('EUR', [
    { id: 'base', name: 'Basis (Mail, Chat, Dokumente)', modules: ['mail', 'chat', 'documents'], setupFee: 300, annualFee: 240 },
    { id: 'base-video', name: 'Basis + Video', modules: ['mail', 'chat', 'documents', 'video'], setupFee: 380, annualFee: 480 },
    {
      id: 'base-video-scheduling',
      name: 'Basis + Video + Terminvergabe',
      modules: ['mail', 'chat', 'documents', 'video', 'scheduling'],
      setupFee: 480,
      annualFee: 630,
    },
    {
      id: 'base-video-anonymous',
      name: 'Basis + Video + Anonymer Chat',
      modules: ['mail', 'chat', 'documents', 'video', 'anonymous'],
      setupFee: 480,
      annualFee: 630,
    },
    {
      id: 'all',
      name: 'Alle Module',
      modules: ['mail', 'chat', 'documents', 'video', 'scheduling', 'anonymous'],
      setupFee: 580,
      annualFee: 780,
    },
]);
