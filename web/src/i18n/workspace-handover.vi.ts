import type { workspaceHandoverEn } from './workspace-handover.en';

type Messages<T> = { readonly [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

/** Vietnamese text of the workspace's handover part. */
export const workspaceHandoverVi: Messages<typeof workspaceHandoverEn> = {
  heading: 'ELAN và Praat',
  intro:
    'Mang chú giải của mục này sang ELAN hoặc Praat, làm việc ở đó rồi đưa tệp trở lại: bạn thấy những gì sẽ thay đổi trước khi bất cứ điều gì được lưu.',
  download: {
    heading: 'Tải xuống',
    eaf: 'Tệp ELAN {{name}}',
    textgrid: 'Tệp Praat TextGrid {{name}}',
    recording: 'Bản ghi {{name}}',
    noRecording: 'Mục này không có bản ghi: tệp ELAN và Praat được tạo cho một bản ghi.',
    secret:
      'Chú giải của các mục bí mật/thiêng liêng không bao giờ rời khỏi kho lưu trữ: bạn có thể đưa tệp vào, nhưng không thể mang tệp ra.',
  },
  upload: {
    heading: 'Đưa tệp trở lại',
    choose: 'Tệp ELAN, Praat, WebVTT hoặc SRT',
    hint: 'Chưa có gì được lưu cho đến khi bạn áp dụng việc nhập.',
    reading: 'Đang đọc {{name}}…',
    failed: 'Không đọc được tệp: {{detail}}',
  },
  preview: {
    heading: 'Những gì việc nhập {{name}} sẽ thay đổi',
    summary:
      'Đã đọc {{read}} chú giải: {{added}} mới, {{edited}} đã sửa, {{unchanged}} đã có trong kho.',
    nothing: 'Không có gì thay đổi: kho lưu trữ đã có mọi thứ trong tệp này.',
    keepsDocument:
      'Không có chú giải nào thay đổi, nhưng tệp được giữ cùng mục làm cơ sở cho các bản xuất ELAN.',
    anchoring: 'Thời gian ứng với: {{anchoring}}',
    tier: 'Tầng “{{tier}}”',
    tierNumber: 'Tầng “{{tier}}” (thứ {{number}} cùng tên)',
    readAs: 'Đọc tầng “{{tier}}” là',
    skip: 'Bỏ qua tầng này',
    counts: '{{added}} mới, {{edited}} đã sửa, {{unchanged}} không đổi',
    leftOut: 'Bị bỏ qua: {{reason}}',
    skipped: '{{count}} bị bỏ qua: {{reason}}',
    changesOf: 'Thay đổi trong tầng “{{tier}}”',
    change: 'Thay đổi',
    time: 'Thời gian',
    before: 'Hiện tại',
    after: 'Sau khi nhập',
    added: 'Mới',
    edited: 'Đã sửa',
    noText: '—',
    ignored:
      '{{count}} phần của tệp được bỏ qua theo quy định của định dạng (phần đầu: dòng {{line}}, {{reason}})',
    apply: 'Áp dụng việc nhập',
    cancel: 'Huỷ',
  },
  applying: 'Đang nhập {{name}}…',
  result: {
    heading: 'Đã nhập {{name}}',
    summary: '{{added}} mới, {{edited}} đã sửa, {{unchanged}} đã có trong kho.',
    unchanged: 'Không có gì thay đổi: kho lưu trữ đã có mọi thứ trong tệp này.',
    differs:
      'Mục đã thay đổi sau khi xem trước (có người khác đã lưu): việc nhập được thực hiện trên mục như hiện tại, nên không hoàn toàn giống những gì bản xem trước cho thấy.',
    failed: 'Việc nhập thất bại: {{detail}}',
  },
};
