import type { collectionsEn } from './collections.en';

/** Trang bộ sưu tập, tiếng Việt. */
export const collectionsVi: { [K in keyof typeof collectionsEn]: string } = {
  title: 'Bộ sưu tập',
  empty: 'Không bộ sưu tập nào có tài liệu bạn được xem.',
  community: 'Cộng đồng',
  languages: 'Ngôn ngữ',
  licence: 'Giấy phép',
  items: 'Tài liệu bạn được xem',
  count_one: '{{count, number}} tài liệu',
  count_other: '{{count, number}} tài liệu',
  byProtocol: '{{count, number}} {{name}}',
  browse: 'Xem các tài liệu của {{title}}',
};
