/**
 * The frame and text of the Kon Rẫy 2021 report besides its figures: header, title, sections III and IV,
 * recipients and signature (a report input of @cchc/report). Sections I and II are written from the
 * scored results. The report's number and date are blank in the published text: this is its draft form.
 */
export const konRay2021Report = {
  issuer: ['ỦY BAN NHÂN DÂN', 'HUYỆN KON RẪY'],
  number: '/BC-UBND',
  place: 'Kon Rẫy',
  year: 2022,
  kind: 'BÁO CÁO',
  title:
    'Đánh giá, phân tích và làm rõ nguyên nhân, trách nhiệm của các cơ quan, đơn vị làm ảnh hưởng đến Chỉ số cải cách hành chính năm 2021 của huyện; nhiệm vụ, giải pháp chủ yếu cần thực hiện',
  introduction:
    'Trên cơ sở kết quả đánh giá, chấm điểm và xếp loại công tác cải cách hành chính năm 2021 của huyện và các xã, thị trấn; UBND huyện báo cáo đánh giá, phân tích và làm rõ nguyên nhân, trách nhiệm của các cơ quan, đơn vị làm ảnh hưởng đến Chỉ số cải cách hành chính năm 2021 của huyện; đồng thời đề ra những nhiệm vụ, giải pháp cần thực hiện, cụ thể như sau:',
  subject: {
    unit: 'kon-ray',
    label: 'UBND huyện',
    indexOwner: 'huyện',
    heading:
      'ĐÁNH GIÁ, PHÂN TÍCH VÀ LÀM RÕ NGUYÊN NHÂN, TRÁCH NHIỆM CỦA CÁC CƠ QUAN, ĐƠN VỊ LÀM ẢNH HƯỞNG ĐẾN CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA HUYỆN NĂM 2021',
  },
  units: {
    ids: ['dak-to-re', 'dak-to-lung', 'tan-lap', 'dak-koi', 'dak-ruong', 'dak-rve', 'dak-pne'],
    heading: 'KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2021 CỦA UBND CÁC XÃ, THỊ TRẤN',
  },
  tasks: {
    heading: 'NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU',
    items: [
      {
        area: '1',
        heading: 'Đối với công tác chỉ đạo, điều hành cải cách hành chính',
        task: 'Theo chức năng, nhiệm vụ được giao, chủ động tham mưu các văn bản chỉ đạo điều hành về công tác cải cách hành chính; thực hiện kịp thời các nhiệm vụ được UBND huyện, Chủ tịch UBND huyện giao chủ trì, tham mưu đảm bảo chất lượng theo yêu cầu và đúng tiến độ; chủ động tham mưu các báo cáo định kỳ đúng thời gian quy định.',
        lead: 'Các phòng, ban chuyên môn và UBND các xã, thị trấn.',
      },
      {
        area: '2',
        heading: 'Đối với xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật',
        task: 'Tiếp tục chủ động tham mưu xây dựng các kế hoạch về công tác: Theo dõi thi hành pháp luật; rà soát hệ thống hóa văn bản QPPL; kiểm tra, xử lý văn bản QPPL. Tổ chức thực hiện đảm bảo đúng tiến độ 100% nội dung theo kế hoạch đề ra; đồng thời tham mưu xử lý tất cả các văn bản thuộc thẩm quyền phát hiện sau kiểm tra, rà soát.',
        lead: 'Phòng Tư pháp và UBND các xã, thị trấn.',
      },
      {
        area: '3',
        heading: 'Đối với công tác cải cách thủ tục hành chính',
        task: 'Thủ trưởng các cơ quan, đơn vị, địa phương tăng cường quán triệt cho cán bộ, công chức được giao phụ trách tiếp nhận hồ sơ TTHC thuộc ngành, lĩnh vực của đơn vị mình tại Bộ phận Tiếp nhận và Trả kết quả huyện, cấp xã, thị trấn theo quy định; thực hiện giải quyết hồ sơ TTHC đúng và trước thời hạn, công khai đầy đủ TTHC thuộc thẩm quyền giải quyết, tiến độ giải quyết hồ sơ TTHC trên Trang thông tin điện tử huyện, Bộ phận Tiếp nhận và trả kết quả huyện, các xã, thị trấn; tuyên truyền và hướng dẫn cho tổ chức, cá nhân đăng ký tài khoản dịch vụ công quốc gia để sử dụng, khai thác dịch vụ công trực tuyến mức độ 3, 4; tăng cường công tác nộp hồ sơ trực tuyến để nâng cao tỉ lệ phát sinh hồ sơ TTHC theo hình thức trực tuyến.',
        lead: 'Các phòng chuyên môn thuộc UBND huyện, UBND các xã, thị trấn; Bộ phận tiếp nhận và trả kết quả cấp huyện, xã, thị trấn; Chi nhánh Văn phòng Đăng ký đất đai.',
      },
      {
        area: '4',
        heading: 'Đối với công tác cải cách tổ chức bộ máy hành chính Nhà nước',
        task: 'Tham mưu kịp thời công tác sắp xếp tổ chức bộ máy và kiện toàn chức năng, nhiệm vụ của các phòng, ban chuyên môn cấp huyện; thực hiện đầy đủ các quy định về phân cấp quản lý; thực hiện nhiệm vụ cải cách tổ chức bộ máy thuộc phạm vi quản lý theo Nghị quyết số 18-NQ/TW, Nghị quyết số 19-NQ/TW ngày 25-10-2017 của Ban Chấp hành Trung ương khóa XII.',
        lead: 'Phòng Nội vụ huyện.',
      },
      {
        area: '5',
        heading: 'Đối với việc xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức',
        task: '100% cán bộ, công chức cấp xã đạt chuẩn trong năm 2022.',
        lead: 'Phòng Nội vụ huyện và UBND các xã, thị trấn.',
      },
      {
        area: '6',
        heading: 'Đối với công tác cải cách tài chính công',
        task: 'Tham mưu tổ chức thực hiện 100% các kiến nghị sau thanh tra, kiểm tra, kiểm toán nhà nước về tài chính, ngân sách; hướng dẫn các cơ quan, đơn vị thực hiện tốt cơ chế tự chủ, tự chịu trách nhiệm đặc biệt là tại các đơn vị sự nghiệp công lập thuộc phạm vi quản lý của UBND huyện; đề ra các giải pháp để phấn đấu thực hiện mục tiêu tăng tối thiểu 01 đơn vị sự nghiệp công lập tự đảm bảo một phần trên địa bàn huyện.',
        lead: 'Phòng Tài chính - Kế hoạch huyện.',
      },
      {
        area: '7',
        heading: 'Đối với công tác hiện đại hóa nền hành chính',
        task: 'Tham mưu kịp thời kế hoạch ứng dụng CNTT trong hoạt động của các cơ quan nhà nước trên địa bàn huyện; triển khai đầy đủ, đúng tiến độ các nhiệm vụ được giao trong kế hoạch; kiểm tra, rà soát các tiêu chí về ứng dụng CNTT bị đánh giá thấp để có kế hoạch khắc phục. Có biện pháp đổi mới trong công tác tuyên truyền để cá nhân, tổ chức thực hiện gửi hồ sơ giải quyết TTHC và đăng ký nhận kết quả qua dịch vụ bưu chính công ích.',
        lead: 'Phòng Văn hóa và Thông tin, các đơn vị liên quan, UBND các xã, thị trấn; Bộ phận Tiếp nhận và trả kết quả huyện, các xã, thị trấn.',
      },
      {
        area: '8',
        heading: 'Đối với việc chấp hành quy chế văn hóa công sở, kỷ luật, kỷ cương hành chính',
        task: 'Thường xuyên tổ chức kiểm tra đột xuất việc chấp hành kỷ luật, kỷ cương hành chính của cán bộ, công chức, viên chức trên địa bàn huyện; kịp thời phát hiện và xử lý các trường hợp vi phạm.',
        lead: 'Phòng Nội vụ huyện.',
      },
    ],
  },
  implementation: {
    heading: 'TỔ CHỨC, THỰC HIỆN',
    items: [
      {
        heading: 'Đối với các phòng, ban chuyên môn thuộc UBND huyện',
        text: 'Trên cơ sở chức năng, nhiệm vụ được giao và trách nhiệm được chỉ ra tại Báo cáo này chủ động xây dựng kế hoạch khắc phục những tồn tại, hạn chế của đơn vị gửi về UBND huyện (*qua Phòng Nội vụ huyện*) **trước ngày {deadline}** để tổng hợp, theo dõi; cơ quan, đơn vị nào được giao chủ trì, tham mưu các nhiệm vụ trong công tác cải cách hành chính làm ảnh hưởng đến Chỉ số cải cách hành chính của huyện thì Thủ trưởng đơn vị đó chịu trách nhiệm trước UBND huyện, Chủ tịch UBND huyện.',
        deadline: '2022-08-12',
      },
      {
        heading: 'Đối với UBND các xã, thị trấn',
        text: 'Tiếp tục giữ vững và phát huy những ưu điểm, kết quả đạt được trong công tác cải cách hành chính và cải thiện nâng cao Chỉ số cải cách hành chính của đơn vị mình trong thời gian qua; chủ động xây dựng kế hoạch khắc phục những tồn tại, hạn chế, thiếu sót trong các lĩnh vực, tiêu chí, tiêu chí thành phần bị đánh giá thấp, xem đây là một trong những nhiệm vụ trọng tâm của đơn vị mình, phấn đấu nâng cao điểm số của đơn vị trong năm 2022; báo cáo kết quả khắc phục gửi về UBND huyện (*qua Phòng Nội vụ*) **trước ngày {deadline}** để theo dõi.',
        deadline: '2022-08-12',
      },
      {
        heading: 'Giao Phòng Nội vụ huyện',
        text: 'Chủ trì, tổng hợp tham mưu UBND huyện xây dựng Kế hoạch khắc phục các tồn tại, hạn chế trong công tác cải cách hành chính năm 2021 hoàn thành **trước ngày {deadline}**; theo dõi, đôn đốc, các cơ quan, đơn vị chủ trì tham mưu các nội dung được nêu tại Báo cáo này kịp thời báo cáo UBND huyện những đơn vị tham mưu chậm hoặc không thực hiện các nhiệm vụ được giao.',
        deadline: '2022-08-15',
      },
    ],
  },
  closing:
    'Trên đây là báo cáo đánh giá, phân tích và làm rõ nguyên nhân, trách nhiệm của các cơ quan, đơn vị làm ảnh hưởng đến Chỉ số cải cách hành chính năm 2021 của huyện./.',
  recipients: [
    'TT.Huyện ủy (b/c);',
    'TT.HUBND huyện (b/c);',
    'CT, các PCT UBND huyện;',
    'Các phòng, ban chuyên môn (th/h);',
    'Trung tâm VH - TT - DL và TT huyện (th/h);',
    'Chi nhánh Văn phòng Đăng ký đất đai (th/h);',
    'UBND các xã, thị trấn (th/h);',
    'Lưu: VT.',
  ],
  signature: { lines: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Nguyễn Văn Thủy' },
};
