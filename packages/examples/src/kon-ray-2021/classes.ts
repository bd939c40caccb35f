/**
 * Kon Tum's classification bands: "Xuất sắc" from 90, "Tốt" from 80, "Khá" from 65, "Trung bình" from 50,
 * "Yếu" below. The reference report confirms 85,74 and 80,73–85,24 as Tốt and 66,09 as Khá; other published
 * Kon Tum results put 90,59 and above in Xuất sắc. The district's set for communes (514/QĐ-UBND) is taken to
 * use the province's bands.
 */
export const konTumClasses = [
  { label: 'Xuất sắc', min: 90 },
  { label: 'Tốt', min: 80 },
  { label: 'Khá', min: 65 },
  { label: 'Trung bình', min: 50 },
  { label: 'Yếu', min: 0 },
];
