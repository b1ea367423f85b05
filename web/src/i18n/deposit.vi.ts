import type { depositEn } from './deposit.en';

/** Tiếng Việt của các trang nộp tài liệu. */
export const depositVi: typeof depositEn = {
  nav: 'Nộp tài liệu',
  listTitle: 'Nộp tài liệu',
  title: 'Đợt nộp',
  titleFor: 'Nộp vào bộ sưu tập {{collection}}',
  notForYou:
    'Chỉ người lưu trữ của một bộ sưu tập và quản trị viên mới được nộp tài liệu. Hãy nhờ quản trị viên cấp quyền người lưu trữ cho bộ sưu tập của bạn.',
  intro:
    'Một đợt nộp đưa bản ghi âm, bản quét và bản chép lời vào một bộ sưu tập, kèm một bảng tính mô tả (manifest.csv hoặc manifest.json). Chưa có gì được lưu trữ cho đến khi bước kiểm tra không còn lỗi nào.',
  stepUpload: 'Gửi thư mục tệp và bảng tính.',
  stepCheck: 'Kiểm tra: mỗi lỗi được chỉ rõ theo hàng và cột; sửa rồi kiểm tra lại.',
  stepIngest: 'Nhập kho: theo dõi từng bước của mỗi tài liệu cho đến khi sẵn sàng.',
  collection: 'Bộ sưu tập',
  open: 'Bắt đầu đợt nộp',
  openFailed: 'Không bắt đầu được đợt nộp: {{detail}}',
  notFound: 'Đợt nộp này không tồn tại, hoặc không phải của bạn.',
  state: {
    receiving: 'Đang nhận tệp: hãy kiểm tra khi tất cả đã đến.',
    checked: 'Đã kiểm tra: không có lỗi. Có thể nhập kho.',
    problems: 'Bước kiểm tra tìm thấy lỗi: hãy sửa rồi kiểm tra lại.',
    ingesting: 'Đang nhập kho: các tài liệu đang được lưu trữ và xử lý.',
    done: 'Xong: mọi tài liệu đã vào kho và sẵn sàng.',
    failed: 'Việc nhập kho chưa xong: xem lý do bên dưới.',
  },
  filesHeading: '1. Tệp',
  filesHelp:
    'Thả một thư mục và bảng tính vào đây, hoặc chọn chúng. Các tệp giữ đường dẫn của chúng trong thư mục (cột files của bảng tính ghi như vậy). Gửi lại một tệp cùng đường dẫn sẽ thay tệp cũ. Việc tải lên tiếp tục từ chỗ đã dừng.',
  dropHere: 'Thả thư mục hoặc tệp vào đây, hoặc chọn:',
  uploadClosed: 'Đợt nộp này không nhận thêm tệp.',
  chooseFolder: 'Chọn thư mục',
  chooseFiles: 'Chọn tệp (bảng tính)',
  sending: 'Các tệp đang gửi',
  sendingFile: 'Đang gửi {{path}}',
  bytesOf: '{{sent}} / {{total}}',
  uploadFailed: 'chưa gửi được: {{detail}}',
  sendAgain: 'Gửi lại',
  noFiles: 'Chưa có tệp nào.',
  filesCaption_one: '{{count, number}} tệp trong đợt nộp',
  filesCaption_other: '{{count, number}} tệp trong đợt nộp',
  file: 'Tệp',
  size: 'Dung lượng',
  fileState: 'Trạng thái',
  received: 'Đã nhận',
  uploading: 'Đang đến: {{sent}} / {{total}}',
  checkHeading: '2. Kiểm tra',
  checkHelp:
    'Bước kiểm tra đọc bảng tính và các tệp như khi nhập kho, và không ghi gì vào kho lưu trữ.',
  manifest: 'Bảng tính',
  manifestDefault: 'manifest.csv hoặc manifest.json ở thư mục gốc',
  check: 'Kiểm tra đợt nộp',
  checkAgain: 'Kiểm tra lại',
  checking: 'Đang kiểm tra…',
  checkOk_one:
    'Không có lỗi (kiểm tra lúc {{when}}): {{count, number}} tài liệu sẵn sàng nhập kho.',
  checkOk_other:
    'Không có lỗi (kiểm tra lúc {{when}}): {{count, number}} tài liệu sẵn sàng nhập kho.',
  problemsFound_one:
    'Lần kiểm tra lúc {{when}} tìm thấy {{count, number}} lỗi. Chưa có gì được lưu trữ.',
  problemsFound_other:
    'Lần kiểm tra lúc {{when}} tìm thấy {{count, number}} lỗi. Chưa có gì được lưu trữ.',
  problemsHelp:
    'Sửa bảng tính rồi gửi lại với cùng tên, hoặc gửi các tệp còn thiếu, rồi kiểm tra lại.',
  problemsCaption: 'Các lỗi, theo tệp, hàng và cột',
  row: 'Hàng',
  column: 'Cột',
  problem: 'Lỗi',
  ingestHeading: '3. Nhập kho',
  ingestHelp:
    'Nhập kho lưu trữ từng tài liệu và bắt đầu xử lý (bản nghe, chữ của bản quét, bản chép lời). Trang này theo dõi từng tài liệu.',
  ingest: 'Nhập kho',
  ingestAgain: 'Nhập kho lại',
  refused: 'Chưa làm được: {{detail}}',
  ingestError: 'Việc nhập kho đã dừng: {{reason}}',
  ingestErrorWhat:
    'Hãy nhập kho lại: tài liệu đã lưu trữ không bị ghi hai lần, các tài liệu khác được thử lại.',
  itemsNotArchived_one: '{{count, number}} tài liệu không lưu trữ được:',
  itemsNotArchived_other: '{{count, number}} tài liệu không lưu trữ được:',
  itemsNotArchivedWhat:
    'Nhập kho lại để thử thêm một lần. Nếu lý do nêu tên một tệp, tệp đó cần được sửa: hãy bắt đầu một đợt nộp mới với nó.',
  itemsCaption_one: '{{count, number}} tài liệu của đợt nộp này',
  itemsCaption_other: '{{count, number}} tài liệu của đợt nộp này',
  item: 'Tài liệu',
  itemStatus: 'Trạng thái',
  steps: 'Các bước',
  stepsOf: 'Các bước của {{item}}',
  stepsDone: '{{done}} / {{total}} xong, {{running}} đang chạy, {{failed}} lỗi',
  itemFailedWhat:
    'Việc xử lý bị lỗi: quản trị viên có thể chạy lại trên trang Công việc khi đã khắc phục nguyên nhân; các tệp đã lưu trữ vẫn an toàn.',
  setAside: '{{file}} đã bị để riêng: {{reason}}',
};
