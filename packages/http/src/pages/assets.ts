/** The pages' style sheet and their one script, each served as a file of its own (`/app/tai-nguyen/…`). */

export const CSS = `
*{box-sizing:border-box}body{font:16px/1.45 system-ui,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
header{background:#0b4f8a;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
header a{color:#fff}header form{margin-left:auto}main{padding:1rem;max-width:1200px;margin:auto}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #c9ced6;padding:.35rem .45rem;vertical-align:top;text-align:left}
th{background:#e8eef6}td.so{text-align:right;white-space:nowrap}tr.linh-vuc td{font-weight:600;background:#f1f4f8}
select{font:inherit;max-width:100%}input[type=text],input[type=password],input[type=email],textarea{width:100%;font:inherit;padding:.25rem;border:1px solid #8a94a3;border-radius:3px}
form.hep{max-width:30rem}.mat-khau{word-break:break-all;font-family:ui-monospace,monospace}
.ma-qr{margin:0 0 1rem}.ma-qr svg{width:13rem;height:13rem;display:block}.ma-du-phong{font-size:1.1rem}.ma-du-phong .mat-khau{white-space:nowrap}@media (min-width:40rem){.ma-du-phong{columns:2}}
input:focus,textarea:focus,button:focus,a:focus{outline:3px solid #f2a900;outline-offset:1px}
button{font:inherit;padding:.45rem .9rem;border-radius:4px;border:1px solid #0b4f8a;background:#0b4f8a;color:#fff;cursor:pointer}
button.phu{background:#fff;color:#0b4f8a}.loi{color:#a30000;font-weight:600}.ok{color:#0a6b2f;font-weight:600}
.ban-xem-truoc{background:#fff;border:1px solid #c9ced6;padding:1.5rem;font-family:"Times New Roman",Times,serif;max-width:50rem}.ban-xem-truoc table.header,.ban-xem-truoc table.closing{width:100%;border:0}.ban-xem-truoc table.header td,.ban-xem-truoc table.closing td{border:0;vertical-align:top;text-align:center}.ban-xem-truoc .title{text-align:center;font-weight:700}.ban-xem-truoc table.data{font-size:.9em}
fieldset.cau-hoi{border:0;border-top:1px solid #e1e5ea;padding:.5rem 0;margin:0}fieldset.cau-hoi legend{padding:.5rem 0 .25rem}fieldset.cau-hoi div{padding:.3rem 0}fieldset.cau-hoi input[type=radio]{width:1.2rem;height:1.2rem;vertical-align:middle}
ol.duong-dan{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:1rem}ol.duong-dan li{border:1px solid #c9ced6;border-radius:6px;padding:.5rem;break-inside:avoid;background:#fff}ol.duong-dan a{word-break:break-all}ol.duong-dan .ma-qr{margin:0}ol.duong-dan .ma-qr svg{width:8rem;height:8rem}.phieu-giay{break-after:page}
ul.chon{list-style:none;padding-left:0}@media (min-width:40rem){ul.chon{columns:2}}fieldset.the legend{font-weight:600}
a.nut{display:inline-block;padding:.45rem .9rem;border-radius:4px;background:#0b4f8a;color:#fff;text-decoration:none}a.nut:hover{text-decoration:underline}
.the{background:#fff;border:1px solid #c9ced6;border-radius:6px;padding:1rem;margin:0 0 1rem}
.cuon{overflow-x:auto}.bieu-do{margin:1.25rem 0;padding:.75rem;background:#fff;border:1px solid #c9ced6;max-width:52rem}.bieu-do figcaption{margin-bottom:.5rem}.bieu-do svg{display:block;max-width:100%;height:auto}.so-lieu summary{cursor:pointer;margin-top:.5rem}table.bang-nhiet td{min-width:4.5rem}.tha{outline:3px dashed #1a5fb4;outline-offset:2px}.xem-tep{display:block;width:100%;height:75vh;border:1px solid #999;object-fit:contain;background:#fff}label{display:block;margin:.5rem 0 .2rem}
.goi-y{font-size:.88em;color:#3d4652;margin-top:.2rem}.trang-thai{padding:.5rem .75rem;border-left:5px solid #0b4f8a;background:#fff}
.trang-thai.khoa{border-left-color:#8a4b00;background:#fff7e8}.canh-bao{border-color:#8a4b00;background:#fff7e8}
table.bang-sua textarea{min-width:18rem}table.bang-sua input.so{width:6rem}
@media (max-width:600px){th,td{padding:.25rem}main{padding:.5rem}table.bang-sua,table.bang-sua tbody,table.bang-sua tr,table.bang-sua td{display:block}table.bang-sua thead{display:none}table.bang-sua caption{display:block;text-align:left}table.bang-sua tr{border:1px solid #c9ced6;margin:0 0 .5rem}table.bang-sua td{border:0}table.bang-sua textarea{min-width:0}table.bang-sua td[data-nhan]::before{content:attr(data-nhan);display:block;font-size:.85em;color:#3d4652}}
@media print{header,form button,.khong-in{display:none}body{background:#fff}table{font-size:11pt}.bieu-do{break-inside:avoid;border:0;max-width:none}form[method="get"]{display:none}}
`;

/**
 * The pages' only script, a file of its own (the content security policy allows no inline script): a
 * warning before leaving a form with changes not saved, an upload's progress, files dropped on an upload
 * form. Everything works without it.
 */
export const SCRIPT = `document.addEventListener('DOMContentLoaded', () => {
  let changed = false;
  for (const form of document.querySelectorAll('form[data-canh-bao]')) {
    form.addEventListener('input', () => { changed = true; });
    form.addEventListener('submit', () => { changed = false; });
  }
  window.addEventListener('beforeunload', (event) => { if (changed) event.preventDefault(); });
  // An upload says how far it has come; the answer then takes the page's place, as the form's own would.
  for (const form of document.querySelectorAll('form[data-tien-do]')) {
    // Files dragged onto the form are chosen as if picked in the file input.
    const input = form.querySelector('input[type=file]');
    const hint = form.querySelector('[data-keo-tha]');
    if (input && hint && window.DataTransfer) {
      hint.hidden = false;
      form.addEventListener('dragover', (event) => { event.preventDefault(); form.classList.add('tha'); });
      form.addEventListener('dragleave', () => { form.classList.remove('tha'); });
      form.addEventListener('drop', (event) => {
        event.preventDefault();
        form.classList.remove('tha');
        if (!event.dataTransfer || event.dataTransfer.files.length === 0) return;
        input.files = event.dataTransfer.files;
        hint.textContent = 'Đã chọn ' + input.files.length + ' tệp: ' + Array.from(input.files, (file) => file.name).join(', ');
      });
    }
    form.addEventListener('submit', (event) => {
      if (!window.XMLHttpRequest || !window.FormData) return;
      event.preventDefault();
      const bar = document.createElement('progress');
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute('aria-label', 'Tiến độ tải lên');
      const words = document.createElement('p');
      words.setAttribute('role', 'status');
      words.textContent = 'Đang tải lên: 0%';
      form.append(bar, words);
      const buttons = form.querySelectorAll('button');
      for (const button of buttons) button.disabled = true;
      const request = new XMLHttpRequest();
      request.open('POST', form.action);
      request.upload.addEventListener('progress', (progress) => {
        if (!progress.lengthComputable) return;
        const percent = Math.floor((progress.loaded / progress.total) * 100);
        bar.value = percent;
        words.textContent = 'Đang tải lên: ' + percent + '%';
      });
      request.addEventListener('load', () => {
        document.open();
        document.write(request.responseText);
        document.close();
      });
      request.addEventListener('error', () => {
        words.textContent = 'Tải lên không thành công: kiểm tra kết nối mạng rồi thử lại.';
        for (const button of buttons) button.disabled = false;
      });
      request.send(new FormData(form));
    });
  }
});
`;
