/**
 * Azerbaijan's 14 economic regions (iqtisadi rayonlar) as set by the presidential decree of 7 July 2021, each
 * with the ISO 3166-2:AZ codes of the cities and rayons it groups. No licensed machine-readable source exists, so
 * this is seed data written from the decree: `ensureEconomicRegions` loads it once into region_groups and
 * region_group_members, where administrators may correct it; it is never re-applied over their edits.
 */
export const AZ_ECONOMIC_REGIONS: ReadonlyArray<{
  code: string
  names: { az: string; en: string; ru: string }
  subdivisions: readonly string[]
}> = [
  { code: 'az-baku', names: { az: 'Bakı', en: 'Baku', ru: 'Баку' }, subdivisions: ['AZ-BA'] },
  {
    code: 'az-absheron-khizi',
    names: { az: 'Abşeron-Xızı', en: 'Absheron-Khizi', ru: 'Абшерон-Хызы' },
    subdivisions: ['AZ-SM', 'AZ-ABS', 'AZ-XIZ'],
  },
  {
    code: 'az-mountainous-shirvan',
    names: { az: 'Dağlıq Şirvan', en: 'Mountainous Shirvan', ru: 'Нагорный Ширван' },
    subdivisions: ['AZ-SMI', 'AZ-ISM', 'AZ-AGU', 'AZ-QOB'],
  },
  {
    code: 'az-ganja-dashkasan',
    names: { az: 'Gəncə-Daşkəsən', en: 'Ganja-Dashkasan', ru: 'Гянджа-Дашкесан' },
    subdivisions: ['AZ-GA', 'AZ-NA', 'AZ-DAS', 'AZ-GYG', 'AZ-GOR', 'AZ-SMX'],
  },
  {
    code: 'az-karabakh',
    names: { az: 'Qarabağ', en: 'Karabakh', ru: 'Карабах' },
    subdivisions: ['AZ-XA', 'AZ-AGC', 'AZ-AGM', 'AZ-BAR', 'AZ-FUZ', 'AZ-XCI', 'AZ-XVD', 'AZ-SUS', 'AZ-TAR'],
  },
  {
    code: 'az-gazakh-tovuz',
    names: { az: 'Qazax-Tovuz', en: 'Gazakh-Tovuz', ru: 'Газах-Товуз' },
    subdivisions: ['AZ-AGA', 'AZ-GAD', 'AZ-QAZ', 'AZ-SKR', 'AZ-TOV'],
  },
  {
    code: 'az-guba-khachmaz',
    names: { az: 'Quba-Xaçmaz', en: 'Guba-Khachmaz', ru: 'Губа-Хачмаз' },
    subdivisions: ['AZ-QBA', 'AZ-QUS', 'AZ-XAC', 'AZ-SBN', 'AZ-SIY'],
  },
  {
    code: 'az-lankaran-astara',
    names: { az: 'Lənkəran-Astara', en: 'Lankaran-Astara', ru: 'Ленкорань-Астара' },
    subdivisions: ['AZ-LA', 'AZ-AST', 'AZ-CAL', 'AZ-LAN', 'AZ-LER', 'AZ-MAS', 'AZ-YAR'],
  },
  {
    code: 'az-central-aran',
    names: { az: 'Mərkəzi Aran', en: 'Central Aran', ru: 'Центральный Аран' },
    subdivisions: ['AZ-MI', 'AZ-YE', 'AZ-AGS', 'AZ-GOY', 'AZ-KUR', 'AZ-UCA', 'AZ-YEV', 'AZ-ZAR'],
  },
  {
    code: 'az-mil-mughan',
    names: { az: 'Mil-Muğan', en: 'Mil-Mughan', ru: 'Миль-Муган' },
    subdivisions: ['AZ-BEY', 'AZ-IMI', 'AZ-SAT', 'AZ-SAB'],
  },
  {
    code: 'az-sheki-zagatala',
    names: { az: 'Şəki-Zaqatala', en: 'Sheki-Zagatala', ru: 'Шеки-Закатала' },
    subdivisions: ['AZ-SA', 'AZ-BAL', 'AZ-QAB', 'AZ-QAX', 'AZ-OGU', 'AZ-SAK', 'AZ-ZAQ'],
  },
  {
    code: 'az-east-zangezur',
    names: { az: 'Şərqi Zəngəzur', en: 'East Zangezur', ru: 'Восточный Зангезур' },
    subdivisions: ['AZ-CAB', 'AZ-KAL', 'AZ-QBI', 'AZ-LAC', 'AZ-ZAN'],
  },
  {
    code: 'az-shirvan-salyan',
    names: { az: 'Şirvan-Salyan', en: 'Shirvan-Salyan', ru: 'Ширван-Сальян' },
    subdivisions: ['AZ-SR', 'AZ-BIL', 'AZ-HAC', 'AZ-NEF', 'AZ-SAL'],
  },
  {
    code: 'az-nakhchivan',
    names: { az: 'Naxçıvan', en: 'Nakhchivan', ru: 'Нахчыван' },
    subdivisions: ['AZ-NX', 'AZ-NV', 'AZ-BAB', 'AZ-CUL', 'AZ-KAN', 'AZ-ORD', 'AZ-SAD', 'AZ-SAH', 'AZ-SAR'],
  },
]
