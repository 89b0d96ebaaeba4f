"""Every text the visitor reads, in Bahasa Indonesia first and English second.

Kept as one table so a translation is reviewed in one place and a missing language is caught by
a test, not by a visitor.
"""

from __future__ import annotations

LANGUAGES = ("id", "en")

TEXTS: dict[str, tuple[str, str]] = {
    # Home
    "home.welcome": ("Selamat datang", "Welcome"),
    "home.take_number": ("Ambil Nomor Antrean", "Take a Queue Number"),
    "home.take_number_hint": (
        "Masukkan NIK atau pindai kode booking",
        "Enter your NIK or scan your booking code",
    ),
    "home.guides": ("Panduan Layanan", "Service Guides"),
    "home.guides_hint": ("Syarat dan langkah tiap layanan", "Requirements and steps"),
    "home.walk_in": ("Tanpa NIK", "No NIK"),
    "home.walk_in_hint": (
        "Warga negara asing, atau tanpa KTP-el",
        "Foreigners, or without an ID card",
    ),
    "home.scanner": ("Pindai kode booking di sini", "Scan your booking code here"),
    "lang.toggle": ("English", "Indonesia"),
    "common.back": ("Kembali", "Back"),
    "common.home": ("Beranda", "Home"),
    "common.next": ("Lanjut", "Next"),
    # On a screen that holds a visitor's NIK or booking, going back erases it: say so.
    "common.cancel": ("Batal", "Cancel"),
    # NIK entry
    "nik.title": ("Masukkan NIK Anda", "Enter your NIK"),
    "nik.subtitle": (
        "16 angka Nomor Induk Kependudukan, tertera di KTP-el",
        "The 16-digit national ID number on your KTP-el",
    ),
    "nik.delete": ("Hapus", "Delete"),
    "nik.clear": ("Hapus Semua", "Clear All"),
    "nik.digits_left": ("{n} angka lagi", "{n} more digits"),
    "nik.ok": ("NIK sudah lengkap. Tekan Lanjut.", "NIK complete. Press Next."),
    "nik.error.length": (
        "NIK harus 16 angka. Periksa kembali KTP-el Anda.",
        "A NIK has 16 digits. Please check your ID card.",
    ),
    "nik.error.format": (
        "NIK tidak valid. Periksa kembali angkanya.",
        "This is not a valid NIK. Please check the digits.",
    ),
    "nik.error.region": (
        "Kode wilayah di awal NIK tidak dikenal. Periksa 6 angka pertama.",
        "The region code at the start is unknown. Check the first 6 digits.",
    ),
    "nik.error.birth_date": (
        "Tanggal lahir pada NIK tidak valid. Periksa angka ke-7 sampai ke-12.",
        "The birth date in the NIK is not valid. Check digits 7 to 12.",
    ),
    # Service choice
    "service.title": ("Pilih Layanan", "Choose a Service"),
    "service.for_nik": ("NIK •••• {last4}", "NIK •••• {last4}"),
    "service.issuing": ("Membuat nomor antrean…", "Issuing your number…"),
    "service.failed": (
        "Maaf, nomor antrean gagal dibuat. Silakan hubungi petugas.",
        "Sorry, a number could not be issued. Please ask a staff member.",
    ),
    # The priority question, before every new ticket
    "priority.question": (
        "Apakah Anda lansia, penyandang disabilitas, ibu hamil, atau membawa balita?",
        "Are you elderly, a person with a disability, pregnant, or with a small child?",
    ),
    "priority.yes": ("Ya", "Yes"),
    "priority.yes_hint": ("Antrean prioritas", "Priority queue"),
    "priority.no": ("Tidak", "No"),
    "priority.no_hint": ("Antrean biasa", "Regular queue"),
    # Idle warning
    "idle.title": ("Masih di sini?", "Still there?"),
    "idle.body": (
        "Layar kembali ke awal dalam {s} detik.",
        "The screen returns to the start in {s} seconds.",
    ),
    "idle.body_data": (
        "Layar kembali ke awal dalam {s} detik, dan data Anda dihapus.",
        "The screen returns to the start in {s} seconds, and your details are erased.",
    ),
    "idle.continue": ("Ya, lanjutkan", "Yes, continue"),
    # Ticket
    "ticket.title": ("Nomor Antrean Anda", "Your Queue Number"),
    "home.printer_fault": (
        "Printer tiket sedang bermasalah. Anda tetap mendapat nomor antrean di layar: "
        "catat nomornya atau tunjukkan layar kepada petugas.",
        "The ticket printer is not working. You still get a queue number on the screen: "
        "note it or show the screen to staff.",
    ),
    "ticket.printing": ("Tiket sedang dicetak…", "Your ticket is printing…"),
    "ticket.printed": (
        "Silakan ambil tiket dari printer di bawah layar.",
        "Please take your ticket from the printer below the screen.",
    ),
    "ticket.print_failed": (
        "Tiket tidak dapat dicetak. Catat nomor Anda atau tunjukkan layar ini kepada petugas.",
        "The ticket could not be printed. Note your number or show this screen to staff.",
    ),
    "ticket.reprint": ("Cetak Ulang", "Print Again"),
    "ticket.done": ("Selesai", "Done"),
    "ticket.lane.regular": ("Reguler", "Regular"),
    "ticket.lane.priority": ("Prioritas", "Priority"),
    "ticket.lane.appointment": ("Booking", "Appointment"),
    "ticket.people_ahead": ("{n} orang di depan Anda", "{n} people ahead of you"),
    "ticket.wait": ("perkiraan tunggu ±{m} menit", "estimated wait about {m} minutes"),
    "profile.title": ("Terima kasih atas penilaian Anda", "Thank you for your rating"),
    "profile.intro": (
        "Boleh kami tahu sedikit tentang Anda? Tidak wajib, tanpa nama. "
        "Pertanyaan {n} dari {total}.",
        "May we know a little about you? Optional, no name asked. Question {n} of {total}.",
    ),
    "profile.skip_question": ("Lewati pertanyaan ini", "Skip this question"),
    "profile.skip_all": ("Selesai", "Finish"),
    "ticket.wait_soon": ("Anda segera dipanggil", "you will be called shortly"),
    "ticket.wait_unknown": (
        "perkiraan tunggu belum diketahui: belum ada loket yang melayani",
        "estimated wait not yet known: no counter is serving yet",
    ),
    "ticket.wait_at": ("Silakan tunggu di {place}.", "Please wait at: {place}."),
    "ticket.called": (
        "Nomor Anda akan tampil di layar antrean dan dipanggil melalui pengeras suara.",
        "Your number will be shown on the queue display and called aloud.",
    ),
    "ticket.back_in": ("Kembali ke awal dalam {s} detik", "Back to the start in {s} seconds"),
    # Guides
    # Technician
    "tech.pin_title": ("PIN Teknisi", "Technician PIN"),
    "tech.wrong": ("PIN salah.", "Wrong PIN."),
    "tech.locked": (
        "Terlalu banyak percobaan. Terkunci sekitar {m} menit.",
        "Too many tries. Locked for about {m} minutes.",
    ),
    "tech.title": ("Status Kiosk", "Kiosk Status"),
    "tech.test_print": ("Tes Printer", "Test Print"),
    "tech.sync_now": ("Sinkronkan", "Sync Now"),
    "tech.sync_started": ("Sinkronisasi dimulai.", "Sync started."),
    "tech.reload_guides": ("Muat Ulang Panduan", "Reload Guides"),
    "tech.refresh": ("Periksa Lagi", "Check Again"),
    "tech.restart": ("Mulai Ulang", "Restart"),
    "tech.working": ("Sedang dikerjakan...", "Working..."),
    "tech.done": ("{action}: selesai.", "{action}: done."),
    "tech.failed": (
        "{action} gagal: {reason}. Rinciannya ada di log.",
        "{action} failed: {reason}. The details are in the log.",
    ),
    "tech.check_failed": (
        "Pemeriksaan gagal. Rinciannya ada di log.",
        "The checks failed. The details are in the log.",
    ),
    "tech.went_wrong": ("terjadi kesalahan", "something went wrong"),
    "tech.summary": (
        "Hari ini: {tickets} ({not_printed} tidak tercetak), {ratings}, indeks kepuasan "
        "{index}. Data ke server: {waiting} menunggu, {refused} ditolak.",
        "Today: {tickets} ({not_printed} not printed), {ratings}, exit index {index}. "
        "Outbox: {waiting} waiting, {refused} refused.",
    ),
    "count.tickets.one": ("{n} tiket", "{n} ticket"),
    "count.tickets.other": ("{n} tiket", "{n} tickets"),
    "count.ratings.one": ("{n} penilaian", "{n} rating"),
    "count.ratings.other": ("{n} penilaian", "{n} ratings"),
    # The technician's health rows (kiosk/doctor.py): the check, its status, what it found
    "status.OK": ("OK", "OK"),
    "status.WARN": ("CEK", "WARN"),
    "status.FAIL": ("GAGAL", "FAIL"),
    "check.configuration": ("Konfigurasi", "Configuration"),
    "check.state_directory": ("Folder data", "State directory"),
    "check.database": ("Basis data", "Database"),
    "check.outbox": ("Kiriman", "Outbox"),
    "check.printer": ("Printer", "Printer"),
    "check.scanner": ("Pemindai", "Scanner"),
    "check.rating_buttons": ("Tombol penilaian", "Rating buttons"),
    "check.central_api": ("Server pusat", "Central server"),
    "check.disk_space": ("Ruang disk", "Disk space"),
    "check.time_sync": ("Sinkron waktu", "Time sync"),
    "check.opening_hours": ("Jam & kuota", "Hours & quotas"),
    "found.hours_always": ("tanpa [hours]: nomor kapan saja", "no [hours]: numbers at any hour"),
    "found.hours_open": (
        "buka sekarang; hari ini {periods}; sisa kuota {places}",
        "open now; today {periods}; places left {places}",
    ),
    "found.hours_closed": (
        "tutup sekarang; hari ini {periods}; sisa kuota {places}",
        "closed now; today {periods}; places left {places}",
    ),
    "found.ok": ("baik", "fine"),
    "found.warn": ("perlu dicek: jalankan kiosk doctor", "needs a look: run kiosk doctor"),
    "found.fail": (
        "bermasalah: lihat log atau jalankan kiosk doctor",
        "not working: see the log or run kiosk doctor",
    ),
    "found.broke": ("pemeriksaan ini gagal; lihat log", "this check broke; see the log"),
    "found.no_answer": ("tidak menjawab dalam {s} detik", "no answer in {s} seconds"),
    "found.off": ("tidak dipasang", "none"),
    "found.not_probed": (
        "tidak diperiksa: status kiosk tidak terbaca",
        "not probed: the kiosk's status cannot be read",
    ),
    "found.unreported": ("tidak dilaporkan kiosk", "not reported by the kiosk"),
    "found.fine_for": ("normal selama {d}", "no fault for {d}"),
    "found.fault_now": ("{fault}", "{fault}"),
    "found.fault_for": ("{fault} selama {d}", "{fault} for {d}"),
    "found.cannot_open": ("tidak dapat dibuka", "cannot be opened"),
    "found.cannot_read": ("pin tidak dapat dibaca", "the pins cannot be read"),
    "found.held": ("tertekan terus: GPIO {pins}", "held down: GPIO {pins}"),
    "found.free": ("{mb} MB kosong", "{mb} MB free"),
    "found.reserve_used": (
        "disk penuh: cadangan tiket terpakai, {mb} MB kosong",
        "disk full: the ticket reserve is in use, {mb} MB free",
    ),
    "found.synced": ("tersinkron", "synchronised"),
    "found.not_synced": ("belum sinkron: catatan ditandai", "not in sync: records marked"),
    "found.no_central": ("mandiri: tanpa server pusat", "standalone: no central server"),
    "found.standalone": ("mandiri: tidak ada yang dikirim", "standalone: nothing to send"),
    "found.outbox": (
        "{waiting} menunggu, {refused} ditolak",
        "{waiting} waiting, {refused} refused",
    ),
    "found.db_missing": ("belum dibuat", "not created yet"),
    "found.db_ok": ("utuh, skema {version}", "intact, schema {version}"),
    "found.db_broken": ("rusak: pulihkan cadangan", "damaged: restore a backup"),
    "found.dns": ("{host} tidak ditemukan (DNS)", "{host} not found (DNS)"),
    "found.no_token": ("token tidak terbaca", "the token cannot be read"),
    "found.unreachable": ("tidak dapat dihubungi", "cannot be reached"),
    "found.token_refused": ("token ditolak", "the token is refused"),
    "found.central_ok": (
        "{host}: terhubung, {ms} ms, selisih jam {skew} detik",
        "{host}: connected, {ms} ms, clock off by {skew} seconds",
    ),
    "unit.s": ("{n} detik", "{n} s"),
    "unit.min": ("{n} menit", "{n} min"),
    "unit.h": ("{n} jam", "{n} h"),
    "fault.no_reply": ("tidak menjawab", "no reply"),
    "fault.offline": ("tidak siap", "offline"),
    "fault.cover_open": ("penutup terbuka", "cover open"),
    "fault.paper_out": ("kertas habis", "paper out"),
    "fault.paper_near_end": ("kertas hampir habis", "paper nearly out"),
    "fault.error": ("galat pada printer", "printer error"),
    "fault.unplugged": ("tidak tersambung", "unplugged"),
    "fault.busy": ("dipakai proses lain", "busy in another process"),
    "fault.timeout": ("tidak selesai tepat waktu", "timed out"),
    "fault.io": ("data tak terkirim", "cannot send data"),
    "fault.stuck": ("tombol tertekan terus", "a button held down"),
    "fault.unavailable": ("tidak tersedia", "unavailable"),
    "fault.missing": ("tidak ditemukan", "not found"),
    "fault.other": ("gangguan", "a fault"),
    # Ratings
    "rating.thanks": ("Terima kasih!", "Thank you!"),
    "rating.question": ("Pertanyaan {n} dari {total}", "Question {n} of {total}"),
    "rating.simulated": ("Tombol penilaian (simulasi):", "Rating buttons (simulated):"),
    "rating.complaint": (
        "Sampaikan keluhan Anda: pindai kode ini",
        "Tell us what went wrong: scan this code",
    ),
    # Scans and bookings
    "scan.unrecognised": (
        "Kode tidak dikenali. Pindai bukti booking M-Paspor Anda, atau masukkan NIK.",
        "Code not recognised. Scan your M-Paspor booking proof, or enter your NIK.",
    ),
    "scan.reading": ("Membaca kode…", "Reading the code…"),
    "scan.wait_printing": (
        "Sebentar, tiket sebelumnya sedang dicetak.",
        "One moment: the previous ticket is printing.",
    ),
    "scan.technician": (
        "Mode teknisi: pindaian tidak diproses.",
        "Technician mode: scans are not processed.",
    ),
    "scan.not_found": (
        "Booking tidak ditemukan untuk kantor ini hari ini. Silakan tanya petugas.",
        "Booking not found for this office today. Please ask a member of staff.",
    ),
    "booking.title": ("Booking Anda", "Your Booking"),
    "booking.code": ("Kode booking", "Booking code"),
    "booking.service": ("Layanan", "Service"),
    "booking.service_unknown": ("dipilih di langkah berikut", "chosen in the next step"),
    "booking.slot": ("Jadwal", "Time slot"),
    "booking.holder": ("Atas nama", "Name"),
    "booking.verified": ("Booking terverifikasi.", "Booking verified."),
    "booking.unverified": (
        "Belum diverifikasi: petugas memeriksa bukti booking Anda di loket.",
        "Not verified: staff check your booking proof at the counter.",
    ),
    "booking.on_time": (
        "Anda masuk antrean booking.",
        "You are in the booking queue.",
    ),
    "booking.early": (
        "Anda datang terlalu awal: jadwal Anda mulai pukul {start}. Silakan kembali "
        "mendekati jadwal, atau antre sekarang tanpa booking.",
        "You are too early: your slot starts at {start}. Please come back nearer the time, "
        "or queue now as a walk-in visitor.",
    ),
    "booking.late": (
        "Jadwal Anda sudah lewat (pukul {start}). Silakan antre tanpa booking, "
        "atau tanyakan petugas.",
        "Your slot has passed (it was at {start}). Please queue as a walk-in visitor, "
        "or ask a member of staff.",
    ),
    "booking.take": ("Ambil Nomor Antrean", "Take a Queue Number"),
    "booking.choose": ("Pilih Layanan", "Choose a Service"),
    "booking.walk_in": ("Antre Tanpa Booking", "Queue as Walk-in"),
    "service.booking_for": ("Booking {code}", "Booking {code}"),
    # Opening hours, cut-offs and quotas (issue 20).
    "hours.closed": ("Kantor tutup", "The office is closed"),
    "hours.closed_holiday": ("Kantor tutup: {name}", "The office is closed: {name}"),
    "hours.break": ("Kantor sedang istirahat", "The office is on its break"),
    "hours.opens": ("Buka kembali {day}, pukul {time} {tz}", "Opens again {day} at {time} {tz}"),
    "hours.opens_today": ("Buka kembali pukul {time} {tz}", "Opens again at {time} {tz}"),
    "hours.opens_unknown": ("Silakan tanyakan petugas", "Please ask a member of staff"),
    "hours.guides_open": ("Panduan layanan tetap bisa dibaca", "The service guides stay open"),
    "hours.past_cutoff": (
        "Layanan ini sudah tutup hari ini (batas pukul {time}). {opens}.",
        "No more numbers today (the last was at {time}). {opens}.",
    ),
    "hours.quota_reached": (
        "Kuota hari ini habis: daftar antrean online melalui M-Paspor",
        "Today's quota is used up: book a place online with M-Paspor",
    ),
    "hours.quota_qr": (
        "Pindai: daftar online di M-Paspor",
        "Scan: book online with M-Paspor",
    ),
    # On a service's card, where two lines fit: the full reason is said on a tap.
    "hours.card_quota": ("Kuota hari ini habis", "Today's quota is used up"),
    "hours.card_cutoff": ("Tutup sejak pukul {time}", "Closed since {time}"),
    "hours.remaining": ("Sisa kuota hari ini: {n}", "Places left today: {n}"),
    "hours.service_closed": ("Layanan tutup", "Closed"),
    "guides.title": ("Panduan Layanan", "Service Guides"),
    "guides.take_for": ("Ambil Nomor Antrean", "Take a Queue Number"),
    "guide.documents": ("Dokumen yang dibawa", "Documents to bring"),
    "guide.tick_hint": (
        "Sentuh dokumen yang sudah Anda bawa untuk mencentangnya.",
        "Touch each document you have with you to tick it off.",
    ),
    "guide.original": ("asli", "original"),
    "guide.copy_only": ("fotokopi saja", "copy only"),
    "guide.copies": ("fotokopi {n} lembar", "{n} photocopy"),
    "guide.steps": ("Langkah-langkah", "Steps"),
    "guide.fees": ("Biaya", "Fees"),
    "guide.time": ("Lama proses", "Processing time"),
    "guide.where": ("Tempat", "Where to go"),
    "guide.checked": ("Informasi diperiksa pada {date}.", "Information checked on {date}."),
    # A fee the office has not confirmed is never shown as if it were a price.
    "guide.fee_ask": ("Biaya: tanyakan di loket.", "Fees: please ask at the counter."),
    "guide.fee_ask_link": (
        "Biaya: tanyakan di loket. Informasi resmi: {url}",
        "Fees: please ask at the counter. Official information: {url}",
    ),
    "guide.qr": (
        "Pindai untuk membuka panduan di ponsel Anda",
        "Scan to open the guide on your phone",
    ),
}


def tr(key: str, lang: str, **values: object) -> str:
    """The text for ``key`` in ``lang`` (Indonesian for anything else), formatted with values."""
    pair = TEXTS[key]
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text


def wait_words(people_ahead: int | None, minutes: int | None, lang: str) -> str:
    """The estimate as the visitor reads it; "" when the kiosk knows nothing of the queue
    (standalone, or a ticket numbered offline). The central counting the people ahead but
    giving no estimate means no counter is serving: unknown, never "±0 menit".

    >>> wait_words(3, None, "id"), wait_words(0, 0, "id"), wait_words(None, None, "id")
    ('perkiraan tunggu belum diketahui: belum ada loket yang melayani', 'Anda segera dipanggil', '')
    """
    if minutes is None:
        return tr("ticket.wait_unknown", lang) if people_ahead is not None else ""
    if minutes <= 0:
        return tr("ticket.wait_soon", lang)
    return tr("ticket.wait", lang, m=minutes)


def count(key: str, lang: str, n: int) -> str:
    """``n`` things by ``key.one``/``key.other``: English says "1 ticket", Indonesian, which
    does not mark the plural after a number, "1 tiket" and "2 tiket"."""
    return tr(f"{key}.one" if n == 1 else f"{key}.other", lang, n=n)
