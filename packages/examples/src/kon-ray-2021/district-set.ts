import type { CriteriaSetInput } from '@cchc/core';
import { konTumClasses } from './classes.js';

/**
 * The provincial criteria set for districts (Quyết định 609/QĐ-UBND of 12/7/2021, UBND tỉnh Kon Tum),
 * reconstructed from the Kon Rẫy 2021 report. The report names only the sub-criteria that lost points,
 * so each area declares its max and lists those; the rest of the area is its unlisted remainder.
 * Sub-criteria sit directly under their area: the report does not give the criteria between them.
 */
export const kontum2021DistrictSet = {
  id: 'kon-tum-2021-huyen',
  title: 'Bộ tiêu chí xác định Chỉ số cải cách hành chính của UBND các huyện, thành phố',
  version: '2021',
  issuer: 'UBND tỉnh Kon Tum',
  decision: {
    number: '609/QĐ-UBND',
    date: '2021-07-12',
    title:
      'về việc ban hành Bộ tiêu chí xác định Chỉ số Cải cách hành chính của các cơ quan chuyên môn thuộc UBND tỉnh, Ban Quản lý Khu kinh tế tỉnh, UBND các huyện, thành phố trên địa bàn tỉnh Kon Tum',
  },
  rounding: { score: 2, index: 2, mode: 'half-up' },
  classes: konTumClasses,
  note: 'Reconstructed from the report on the 2021 PAR index of Kon Rẫy district: areas and the sub-criteria that lost points.',
  criteria: [
    {
      code: '1',
      name: 'Công tác chỉ đạo, điều hành cải cách hành chính',
      max: 23,
      children: [
        { code: '1.2.1', name: 'Báo cáo CCHC quý, 6 tháng, năm', max: 0.25, rule: { kind: 'on-time' } },
        {
          code: '1.2.4',
          name: 'Báo cáo tình hình, kết quả kiểm soát TTHC (quý I, 6 tháng, quý III, năm)',
          max: 0.25,
          rule: { kind: 'on-time' },
        },
        {
          code: '1.2.6',
          name: 'Báo cáo công tác tài chính, ngân sách',
          max: 0.25,
          rule: { kind: 'on-time' },
        },
        { code: '1.2.8', name: 'Báo cáo tự đánh giá, chấm điểm CCHC', max: 0.5, rule: { kind: 'on-time' } },
        {
          code: '1.4.2',
          name: 'Mức độ đa dạng trong tuyên truyền cải cách hành chính',
          max: 5,
          note: 'The points per form of communication are set by the decision, not by the report: scored directly.',
        },
        {
          code: '1.6.1',
          name: 'Thực hiện nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao',
          max: 3,
          rule: { kind: 'tasks', lateWeight: 0.5 },
        },
        {
          code: '1.6.2',
          name: 'Chất lượng thực hiện nhiệm vụ do Ủy ban nhân dân tỉnh, Chủ tịch Ủy ban nhân dân tỉnh giao',
          max: 1,
          rule: { kind: 'share-completed' },
        },
      ],
    },
    { code: '2', name: 'Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật', max: 9 },
    {
      code: '3',
      name: 'Cải cách thủ tục hành chính',
      max: 12,
      children: [
        {
          code: '3.2.4',
          name: 'Tỷ lệ hồ sơ được tiếp nhận thông qua Cổng dịch vụ công và Hệ thống thông tin một cửa điện tử',
          max: 0.5,
          rule: { kind: 'direct', step: 0.25 },
        },
        {
          code: '3.2.5',
          name: 'Thao tác xử lý hồ sơ trên Cổng dịch vụ công và Hệ thống thông tin một cửa điện tử',
          max: 0.5,
          rule: { kind: 'direct', step: 0.25 },
        },
        { code: '3.4.1', name: 'Kết quả giải quyết hồ sơ thủ tục hành chính', max: 2 },
      ],
    },
    {
      code: '4',
      name: 'Cải cách tổ chức bộ máy hành chính Nhà nước',
      max: 8,
      children: [
        {
          code: '4.2.2',
          name: 'Xây dựng Kế hoạch biên chế công chức, số lượng người làm việc hàng năm',
          max: 1,
          rule: { kind: 'on-time' },
        },
      ],
    },
    {
      code: '5',
      name: 'Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức',
      max: 11,
      children: [
        {
          code: '5.6.2',
          name: 'Tỷ lệ đạt chuẩn của cán bộ cấp xã',
          max: 0.5,
          rule: { kind: 'met', threshold: 100 },
        },
      ],
    },
    {
      code: '6',
      name: 'Cải cách tài chính công',
      max: 10,
      children: [
        {
          code: '6.1.2',
          name: 'Thực hiện quy định về việc sử dụng kinh phí từ nguồn ngân sách nhà nước',
          max: 1,
          rule: { kind: 'met' },
        },
        {
          code: '6.1.3',
          name: 'Tổ chức thực hiện các kiến nghị sau thanh tra, kiểm tra, kiểm toán nhà nước về tài chính, ngân sách',
          max: 1,
          rule: {
            kind: 'tiers',
            tiers: [
              { min: 100, points: 1 },
              { min: 90, points: 0.5 },
            ],
          },
          note: 'The report shows 100 % → 1 and 94,2 % → 0,5. The lower bound of the 0,5 band is not in the report: 90 % here is an assumption to be checked against the decision.',
        },
        {
          code: '6.3.1',
          name: 'Số đơn vị sự nghiệp công lập tự bảo đảm chi thường xuyên/tự đảm bảo một phần chi thường xuyên (chỉ tính được giao mới, không tính giao lại)',
          max: 2,
        },
      ],
    },
    {
      code: '7',
      name: 'Hiện đại hóa nền hành chính',
      max: 15,
      children: [
        {
          code: '7.1',
          name: 'Mức độ hoàn thành Kế hoạch ứng dụng CNTT năm',
          max: 2,
          rule: { kind: 'proportional' },
        },
        {
          code: '7.2',
          name: 'Kết quả đánh giá, xếp hạng mức độ ứng dụng CNTT trong năm',
          max: 8,
          note: "The decision converts the province's IT ranking (133,6/150 here) into points; the report does not give the conversion, so the appraised score is entered.",
        },
        {
          code: '7.3',
          name: 'Thực hiện quy định về tiếp nhận hồ sơ, trả kết quả giải quyết thủ tục hành chính qua dịch vụ bưu chính công ích (cơ quan không có thủ tục hành chính trong danh mục tiếp nhận, trả kết quả qua dịch vụ bưu chính công ích thì không đánh giá tiêu chí này)',
          max: 3,
        },
      ],
    },
    { code: '8', name: 'Việc chấp hành quy chế văn hóa công sở, kỷ luật, kỷ cương hành chính', max: 7 },
  ],
} satisfies CriteriaSetInput;
