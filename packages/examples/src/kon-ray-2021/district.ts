import type { AssessmentInput } from '@cchc/core';

const CHUYEN_MON_VA_XA =
  'Các phòng ban chuyên môn và UBND các xã, thị trấn chịu trách nhiệm chủ trì, tham mưu; Văn phòng HĐND&UBND huyện chịu trách nhiệm theo dõi, đôn đốc';
const MOT_CUA_RESPONSIBLE = [
  'Thủ trưởng các cơ quan, đơn vị',
  'Chủ tịch UBND các xã, thị trấn',
  'Bộ phận Tiếp nhận và Trả kết quả huyện, các xã, thị trấn',
];
const MOT_CUA_RESPONSIBILITY =
  'Thủ trưởng các cơ quan, đơn vị, Chủ tịch UBND các xã, thị trấn; cán bộ, công chức tại Bộ phận Tiếp nhận và Trả kết quả huyện, các xã, thị trấn';

/**
 * Kon Rẫy district's appraised 2021 scores, as section I of the report gives them: every sub-criterion
 * that lost points, with its facts where the report gives them, its cause and who is responsible.
 * Everything the report does not list scored full marks (`unscored: full`).
 */
export const konRay2021District = {
  criteriaSet: 'kon-tum-2021-huyen',
  unit: { id: 'kon-ray', name: 'UBND huyện Kon Rẫy', group: 'huyện' },
  period: 2021,
  layer: 'appraised',
  unscored: 'full',
  entries: {
    '1.2.1': {
      facts: { onTime: false },
      cause: 'Báo cáo năm 2021 số 496/BC-UBND ngày 20/12/2021 trễ hạn.',
      evidence: ['Báo cáo số 496/BC-UBND ngày 20/12/2021'],
      responsible: ['Phòng Nội vụ huyện'],
    },
    '1.2.4': {
      facts: { onTime: false },
      cause: 'Các báo cáo quý và năm trễ hạn.',
      responsible: ['Văn phòng HĐND&UBND huyện'],
    },
    '1.2.6': {
      facts: { onTime: false },
      cause: 'Báo cáo số 334/BC-UBND ngày 25/10/2021 thực hiện kết luận kiểm toán trễ hạn.',
      evidence: ['Báo cáo số 334/BC-UBND ngày 25/10/2021'],
      responsible: ['Phòng Tài chính - Kế hoạch huyện'],
    },
    '1.2.8': {
      facts: { onTime: false },
      cause: 'Báo cáo tự chấm điểm số 403/BC-UBND ngày 22/11/2021 trễ hạn.',
      evidence: ['Báo cáo số 403/BC-UBND ngày 22/11/2021'],
      responsible: ['Phòng Nội vụ huyện'],
    },
    '1.4.2': {
      score: 4,
      cause:
        'Do năm 2021 tình hình diễn biến dịch Covid-19 phức tạp nên chưa tuyên truyền được dưới các hình thức khác như Tổ chức thi/tọa đàm/sân khấu hóa.',
      responsible: ['Phòng Văn hóa - Thông tin', 'Trung tâm Văn hóa - Thể thao - Du lịch và Truyền thông'],
      responsibility: 'Phòng Văn hóa - Thông tin và Trung tâm Văn hóa - Thể thao - Du lịch và Truyền thông',
    },
    '1.6.1': {
      facts: { onTime: 13, late: 11, unfinished: 5 },
      cause: '11 nhiệm vụ hoàn thành quá hạn, 05 nhiệm vụ chưa hoàn thành.',
      responsible: ['Các phòng ban chuyên môn', 'UBND các xã, thị trấn', 'Văn phòng HĐND&UBND huyện'],
      responsibility: CHUYEN_MON_VA_XA,
    },
    '1.6.2': {
      facts: { completed: 24, total: 29 },
      cause: '05 nhiệm vụ chưa hoàn thành chưa đánh giá được kết quả.',
      responsible: ['Các phòng ban chuyên môn', 'UBND các xã, thị trấn', 'Văn phòng HĐND&UBND huyện'],
      responsibility:
        'Các phòng, ban chuyên môn và UBND các xã, thị trấn chịu trách nhiệm chủ trì, tham mưu; Văn phòng HĐND&UBND huyện chịu trách nhiệm theo dõi, đôn đốc',
    },
    '3.2.4': {
      score: 0.25,
      cause:
        'Tỷ lệ hồ sơ được tiếp nhận thông qua Cổng dịch vụ công và Hệ thống thông tin một cửa điện tử chưa đảm bảo 100% do Thủ trưởng các cơ quan, đơn vị chưa quán triệt sâu cho cán bộ, công chức được giao phụ trách tiếp nhận hồ sơ TTHC thuộc ngành, lĩnh vực của đơn vị mình.',
      responsible: MOT_CUA_RESPONSIBLE,
      responsibility: MOT_CUA_RESPONSIBILITY,
    },
    '3.2.5': {
      score: 0.25,
      cause:
        'Thao tác xử lý hồ sơ trên Cổng dịch vụ công và Hệ thống thông tin một cửa điện tử chưa đảm bảo 100% do thao tác xử lý hồ sơ trên hệ thống còn chậm, trong quá trình sử dụng một phần các cán bộ, công chức chưa quen, hệ thống hoạt động chưa ổn định, hay bị lỗi nên ảnh hưởng đến thao tác, xử lý dẫn đến thao tác kết thúc chưa đảm bảo mặc dù kết quả giải quyết thực tế đã trả cho người dân.',
      responsible: MOT_CUA_RESPONSIBLE,
      responsibility: MOT_CUA_RESPONSIBILITY,
    },
    '3.4.1': {
      score: 1.98,
      cause:
        'Trong quá trình sử dụng hệ thống thông tin một cửa điện tử tình đề tiếp nhận hồ sơ và giải quyết trả kết quả vẫn còn chưa kết thúc kịp thời trên hệ thống mặc dù đã trả kết quả giải quyết hồ sơ TTHC cho người dân, nên chưa đạt 100%.',
      responsible: MOT_CUA_RESPONSIBLE,
      responsibility: MOT_CUA_RESPONSIBILITY,
    },
    '4.2.2': {
      facts: { onTime: false },
      cause:
        'Kế hoạch số 413/UBND-NC ngày 03/5/2021 về số lượng người làm việc trong đơn vị sự nghiệp và Báo cáo số 102/BC-UBND ngày 03/5/2021 về biên chế công chức trễ hạn.',
      evidence: ['Kế hoạch số 413/UBND-NC ngày 03/5/2021', 'Báo cáo số 102/BC-UBND ngày 03/5/2021'],
      responsible: ['Phòng Nội vụ huyện'],
    },
    '5.6.2': {
      facts: { count: 68, total: 69 },
      cause:
        '01/69 cán bộ chưa đạt chuẩn về chuyên môn (đ/c A Ty, Chủ tịch Hội Cựu chiến binh xã Đăk PNe), do đó tỷ lệ cán bộ cấp xã đạt chuẩn là 98,6%.',
      responsible: ['Phòng Nội vụ huyện', 'UBND xã Đăk PNe'],
      responsibility: 'Phòng Nội vụ huyện và UBND xã Đăk PNe',
    },
    '6.1.2': {
      facts: { met: false },
      cause:
        'Kiểm toán NSDP năm 2020 có kiến nghị thu hồi nộp NSNN (Ban Quản lý dự án đầu tư xây dựng huyện đã thực hiện nộp lại NSNN các khoản chi sai quy định đối với 02 công trình, tổng số kinh phí là 101.666.000 đồng).',
      responsible: ['Ban Quản lý dự án đầu tư xây dựng huyện'],
    },
    '6.1.3': {
      facts: { percent: '94,2' },
      cause:
        'Thực hiện kiến nghị kiểm toán đạt 94,2% (trong đó còn kiến nghị: Kinh phí CCTL tại các xã, ngân sách huyện cấp thừa, số kinh phí là 419.400.000 đồng, số kinh phí này UBND các xã, thị trấn đã thực hiện chuyển nguồn năm 2020 sang 2021 để thực hiện CCTL theo quy định. Tuy nhiên, trong năm 2021 không tăng mức lương cơ bản nên Phòng Tài chính - Kế hoạch chưa tham mưu UBND huyện khấu trừ số kinh phí trên tại khối cấp xã).',
      responsible: ['Phòng Tài chính - Kế hoạch huyện'],
    },
    '6.3.1': {
      score: 0,
      cause:
        'Năm 2021, không có đơn vị nào phát sinh mới. Trên địa bàn huyện có 02 đơn vị là Ban Quản lý dự án đầu tư xây dựng huyện tự đảm bảo chi thường xuyên và Trung tâm Môi trường và Dịch vụ - Đô thị tự đảm bảo một phần chi thường xuyên. Nguồn thu trên địa bàn huyện tương đối thấp, vì vậy phát sinh thêm đơn vị là không khả thi.',
      responsible: ['Phòng Tài chính - Kế hoạch huyện'],
    },
    '7.1': {
      facts: { percent: 85 },
      cause: 'Hoàn thành 85% kế hoạch.',
      responsible: ['Phòng Văn hóa và Thông tin huyện'],
    },
    '7.2': {
      score: 6.78,
      cause: 'Đạt 133,6/150 điểm theo bộ tiêu chí ứng dụng CNTT.',
      responsible: ['Phòng Văn hóa và Thông tin huyện'],
    },
    '7.3': {
      score: 0,
      cause:
        'Không phát sinh hồ sơ, phụ thuộc vào nhu cầu của người dân có thể lựa chọn hình thức gửi, nộp hồ sơ TTHC qua đường bưu điện hoặc đến Bộ phận tiếp nhận và trả kết quả các cấp thuộc thẩm quyền giải quyết trên địa bàn huyện để thực hiện.',
      responsible: [
        'Các cơ quan, đơn vị liên quan',
        'UBND các xã, thị trấn',
        'Bộ phận Tiếp nhận và Trả kết quả huyện, các xã, thị trấn',
      ],
      responsibility:
        'Các cơ quan, đơn vị liên quan, UBND các xã, thị trấn; Bộ phận Tiếp nhận và Trả kết quả huyện, các xã, thị trấn trong công tác tuyên truyền hướng dẫn người dân, triển khai thực hiện',
    },
  },
  stated: {
    achieved: '81,45',
    max: 95,
    index: '85,74',
    classification: 'Tốt',
    areas: {
      '1': { achieved: '19,49', max: 23 },
      '2': { achieved: 9, max: 9 },
      '3': { achieved: '11,48', max: 12 },
      '4': { achieved: 7, max: 8 },
      '5': { achieved: '10,5', max: 11 },
      '6': { achieved: '6,5', max: 10 },
      '7': { achieved: '10,48', max: 15 },
      '8': { achieved: 7, max: 7 },
    },
  },
} satisfies AssessmentInput;
