#!/usr/bin/env python3
"""The page of `mockhoa serve` driven in a real browser (headless Chromium through Selenium),
as an officer would use it. Run by scripts/browser-test; prints `N passed, N failed`.

    page_test.py MOCKHOA_BINARY [--screenshots DIR]
"""
import base64, os, re, shutil, subprocess, sys, tempfile, time, traceback

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait, Select

BINARY = sys.argv[1]
SHOTS = sys.argv[sys.argv.index("--screenshots") + 1] if "--screenshots" in sys.argv else None
WORK = tempfile.mkdtemp(prefix="mockhoa-page-")
DATA = os.path.join(WORK, "danh-ba.yaml")
DOWNLOADS = os.path.join(WORK, "downloads")
os.makedirs(DOWNLOADS)


def start_server(*args):
    process = subprocess.Popen([BINARY, "serve", "--port", "0", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        line = process.stdout.readline()
        match = re.search(r"(http://\S+)", line)  # "open" or "mở", by the locale
        if match:
            return process, match.group(1)
        if process.poll() is not None:
            break
    raise RuntimeError("mockhoa serve did not print its address")


def browser(width=1400, height=1000):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={width},{height}", "--lang=vi"]:
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": DOWNLOADS,
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": DOWNLOADS})
    return driver


def wait(driver, condition, timeout=15, message=""):
    # The page redraws parts of itself as previews answer: an element found a moment ago may be gone.
    return WebDriverWait(driver, timeout, poll_frequency=0.02, ignored_exceptions=[StaleElementReferenceException]) \
        .until(lambda d: condition(d), message)


def field(driver, name):
    return driver.find_element(By.CSS_SELECTOR, f'[data-field="{name}"]')


def retype(element, text):
    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(Keys.DELETE)
    element.send_keys(text)


def side_texts(driver):
    return driver.execute_script(
        "return [...document.querySelectorAll('#sides img')].map(i => i.alt).join(' | ')")


def accessibility_problems(driver):
    """axe-core's violations on the page as it is now (every rule axe runs by default), one
    readable paragraph each: the rule, its impact, what it asks, and each element it names."""
    axe = Axe(driver)
    axe.inject()  # again after every load: a reload drops it
    violations = axe.run()["violations"]
    return ["\n".join([f"  {v['id']} ({v['impact']}): {v['help']} ({v['helpUrl']})"] +
                      [f"    {' '.join(n['target'])}: {n['failureSummary'].splitlines()[-1].strip()}"
                       for n in v["nodes"][:8]] +
                      ([f"    … and {len(v['nodes']) - 8} more"] if len(v["nodes"]) > 8 else []))
            for v in violations]


def assert_accessible(driver, state):
    problems = accessibility_problems(driver)
    assert not problems, f"axe-core finds {len(problems)} violation(s) {state}:\n" + "\n".join(problems)


def unnamed_controls(driver):
    """The fields and buttons shown whose name, as the browser gives it to a screen reader, is empty."""
    controls = driver.find_elements(By.CSS_SELECTOR, "input, select, textarea, button, [role=tab]")
    return [c.get_attribute("outerHTML")[:120] for c in controls
            if c.is_displayed() and not c.accessible_name.strip()]


def settled(driver, box="#sides"):
    """The preview answers the latest edit (no request pending)."""
    return driver.execute_script("return !document.querySelector(arguments[0]).classList.contains('stale')", box)


def design_settled(driver):
    return settled(driver, "#design-sides") and len(driver.find_elements(By.CSS_SELECTOR, "#design-sides img")) == 2


def design_field(driver, path):
    return driver.find_element(By.CSS_SELECTOR, f'[data-design="{path}"]')


def design_svgs(driver):
    """The design tab's pictures of the sides, as the SVG text the server drew."""
    sources = driver.execute_script("return [...document.querySelectorAll('#design-sides img')].map(i => i.src)")
    return [base64.b64decode(src.split(",", 1)[1]).decode() for src in sources]


def transparent_at(driver, img, x, y):
    """Whether the picture `img` shows nothing at (x, y), fractions of its width and height."""
    return driver.execute_script("""
        const [img, x, y] = arguments, c = document.createElement('canvas');
        c.width = img.naturalWidth; c.height = img.naturalHeight;
        const g = c.getContext('2d'); g.drawImage(img, 0, 0);
        return g.getImageData(Math.floor(x * c.width), Math.floor(y * c.height), 1, 1).data[3] === 0;""", img, x, y)


LOGO_YELLOW = "rgb(100%,82.35"  # #FFD200 as Cairo writes it in SVG
LOGO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40">
  <metadata>a test logo</metadata>
  <circle cx="20" cy="20" r="18" fill="#FFFFFF"/>
  <path d="M20 6 L24 16 L34 16 L26 22 L29 32 L20 26 L11 32 L14 22 L6 16 L16 16 Z" fill="#FFD200"/>
</svg>
"""


def yellow_pixels(pdf, page):
    """How many pixels of `page` of `pdf` (at 50 dpi) are the logo's yellow."""
    ppm = subprocess.run(["pdftoppm", "-r", "50", "-f", str(page), "-l", str(page), pdf],
                         capture_output=True, check=True).stdout
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", ppm)
    pixels = ppm[header.end():]
    return sum(1 for i in range(0, len(pixels), 3)
               if pixels[i] > 230 and 190 < pixels[i + 1] < 230 and pixels[i + 2] < 60)


results = []


def test(name):
    def run(body):
        try:
            body()
            results.append((name, None))
            print(f"PASS {name}", flush=True)
        except Exception as error:  # noqa: BLE001 - every failure is reported by name
            results.append((name, error))
            print(f"FAIL {name}: {error!r}", flush=True)
            traceback.print_exc()
        return body
    return run


server, address = start_server("--data", DATA)
driver = browser()
timings = {}
try:
    @test("the page opens the sample in Vietnamese, a new file saying it starts from the sample")
    def _():
        # Drawn from what the page carries, with no request for the directory (none can answer).
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/api/*"]})
        driver.get(address)
        assert len(driver.find_elements(By.CSS_SELECTOR, "#communes tbody tr[data-index]")) == 17
        assert field(driver, "communes.1.phone").get_attribute("value")
        assert driver.find_elements(By.CSS_SELECTOR, "#problems li")
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
        driver.refresh()
        wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#communes tbody tr[data-index]")) == 17)
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
        assert driver.find_element(By.ID, "save-button").text == "Lưu"
        assert "Tệp chưa có" in driver.find_element(By.ID, "banners").text
        wait(driver, lambda d: "Cần Giuộc" in side_texts(d))

    @test("axe-core: no violation on the directory tab with the sample, in Vietnamese; every field is named")
    def _():
        wait(driver, settled)
        assert_accessible(driver, "on the directory tab (sample, Vietnamese)")
        assert not unnamed_controls(driver), unnamed_controls(driver)
        # A cell of the table is read with its column and its commune, and follows a rename.
        assert field(driver, "communes.1.phone").accessible_name == "Điện thoại: Long Hậu"
        assert field(driver, "communes.1.kind").accessible_name == "Loại: Long Hậu"
        retype(field(driver, "communes.1.name"), "Long Hậu Mới")
        assert field(driver, "communes.1.quantity").accessible_name == "Số lượng: Long Hậu Mới"
        retype(field(driver, "communes.1.name"), "Long Hậu")
        assert field(driver, "communes.1.phone").accessible_name == "Điện thoại: Long Hậu"

    @test("pick a commune, change its number, the preview carries it")
    def _():
        field(driver, "communes.1.name").click()
        wait(driver, lambda d: d.find_element(By.ID, "preview-title").text == "Long Hậu")
        wait(driver, lambda d: settled(d) and "Long Hậu" in side_texts(d))
        phone = field(driver, "communes.1.phone")
        retype(phone, "0272 3874 999")
        typed = time.time()
        wait(driver, lambda d: "0272 3874 999" in side_texts(d), message="the preview never showed the new number")
        timings["edit → preview (ms)"] = round((time.time() - typed) * 1000)
        assert not driver.find_elements(By.CSS_SELECTOR, ".field-error")

    @test("an invalid number shows at the field, in the list and on the preview")
    def _():
        phone = field(driver, "communes.1.phone")
        retype(phone, "0272 38")
        # Clearing the field is validated too ("required field is empty"): wait for the number's own error.
        error = wait(driver, lambda d: [e for e in d.find_elements(By.CSS_SELECTOR, "td.phone-cell .field-error")
                                        if "không hợp lệ" in e.text],  # the page is in Vietnamese, its messages too
                     message="no error for the invalid number at the field")
        assert "invalid" in phone.get_attribute("class")
        assert "0272 38" in driver.find_element(By.ID, "problems").text
        assert driver.find_elements(By.ID, "sides-blocked"), "a stale picture was left on the preview"
        assert not driver.find_elements(By.CSS_SELECTOR, "#sides img")
        retype(phone, "0272 3874 999")
        wait(driver, lambda d: "0272 3874 999" in side_texts(d))
        assert not driver.find_elements(By.CSS_SELECTOR, ".field-error")

    @test("axe-core: no violation with an error shown at a field; the keyboard reaches the field from the list")
    def _():
        phone = field(driver, "communes.1.phone")
        retype(phone, "0272 38")
        wait(driver, lambda d: [e for e in d.find_elements(By.CSS_SELECTOR, "td.phone-cell .field-error")
                                if "không hợp lệ" in e.text])
        wait(driver, settled)
        assert_accessible(driver, "with an invalid number shown (Vietnamese)")
        # The field says it is invalid, and the message is its description.
        assert phone.get_attribute("aria-invalid") == "true"
        said = [driver.find_element(By.ID, i).text for i in phone.get_attribute("aria-describedby").split()]
        assert any("không hợp lệ" in text for text in said), said
        # Each problem is a button: Enter on it takes the focus to the field it names.
        field(driver, "communes.0.name").click()
        item = wait(driver, lambda d: settled(d) and [b for b in d.find_elements(By.CSS_SELECTOR, "#problems li button")
                                                       if "0272 38" in b.text])[0]
        item.send_keys(Keys.ENTER)
        wait(driver, lambda d: d.switch_to.active_element == field(d, "communes.1.phone"))
        retype(phone, "0272 3874 999")
        wait(driver, lambda d: settled(d) and "0272 3874 999" in side_texts(d))

    @test("unsaved edits survive a reload of the page")
    def _():
        driver.execute_script("setTimeout(() => location.reload(), 0)")
        deadline = time.time() + 5
        while time.time() < deadline:  # the warning before leaving with unsaved edits, if the browser shows it
            try:
                driver.switch_to.alert.accept()
                break
            except NoAlertPresentException:
                if driver.execute_script("return document.readyState") == "complete" and \
                        not driver.find_elements(By.CSS_SELECTOR, "#communes tbody tr[data-index]"):
                    break
                time.sleep(0.05)
        wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#communes tbody tr[data-index]")) == 17)
        assert field(driver, "communes.1.phone").get_attribute("value") == "0272 3874 999"
        assert driver.find_element(By.ID, "status").text == "Chưa lưu"

    @test("save, and the file on disk has the change")
    def _():
        assert not os.path.exists(DATA)
        driver.find_element(By.ID, "save-button").click()
        wait(driver, lambda d: d.find_element(By.ID, "status").text == "Đã lưu")
        with open(DATA, encoding="utf-8") as f:
            text = f.read()
        assert '"0272 3874 999"' in text
        check = subprocess.run([BINARY, "check", "--data", DATA], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr

    @test("design tab: choose round and the preview is a circle")
    def _():
        driver.find_element(By.ID, "tab-design").click()
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, '#gallery input[value="round"]'))
        wait(driver, design_settled)
        driver.find_element(By.CSS_SELECTOR, '#gallery input[value="round"]').click()
        wait(driver, lambda d: design_settled(d) and
             d.find_element(By.CSS_SELECTOR, "#design-sides img").get_attribute("data-w") == "56")
        front = driver.find_element(By.CSS_SELECTOR, "#design-sides img")
        assert front.get_attribute("data-h") == "56"  # 50 mm across, with 3 mm of bleed all round
        assert Select(design_field(driver, "shape")).first_selected_option.get_attribute("value") == "circle"
        # A disc: nothing drawn in the corners of its square, the background in its middle.
        assert transparent_at(driver, front, 0.1, 0.1) and transparent_at(driver, front, 0.9, 0.9)
        assert not transparent_at(driver, front, 0.5, 0.5) and not transparent_at(driver, front, 0.02, 0.5)

    @test("design tab: change the slogan and see it in the preview")
    def _():
        driver.find_element(By.CSS_SELECTOR, '#gallery input[value="slogan"]').click()
        wait(driver, lambda d: d.switch_to.alert).accept()  # the round design being edited is replaced
        wait(driver, lambda d: design_settled(d) and "Vì nước quên thân" in
             d.find_elements(By.CSS_SELECTOR, "#design-sides img")[1].get_attribute("alt"))
        retype(design_field(driver, "back.0.text"), "Vì bình yên cuộc sống")
        wait(driver, lambda d: design_settled(d) and "Vì bình yên cuộc sống" in
             d.find_elements(By.CSS_SELECTOR, "#design-sides img")[1].get_attribute("alt"),
             message="the preview never showed the new slogan")
        assert not driver.find_elements(By.CSS_SELECTOR, "#view-design .field-error")

    @test("design tab: upload an SVG logo and see it in the preview")
    def _():
        logo = os.path.join(WORK, "logo.svg")
        with open(logo, "w", encoding="utf-8") as f:
            f.write(LOGO)
        Select(driver.find_element(By.ID, "picture-side")).select_by_value("back")
        driver.find_element(By.ID, "picture-file").send_keys(logo)
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-design="back.0.height"]'))
        assert os.path.exists(os.path.join(WORK, "assets", "logo.svg"))
        wait(driver, lambda d: design_settled(d) and LOGO_YELLOW in design_svgs(d)[1],
             message="the logo never showed on the back")
        assert LOGO_YELLOW not in design_svgs(driver)[0]
        assert not [e for e in driver.find_elements(By.CSS_SELECTOR, "#design-problems li.error")]

    @test("axe-core: no violation on the design tab; every field named; the keyboard picks a design")
    def _():
        wait(driver, design_settled)
        assert_accessible(driver, "on the design tab (Vietnamese)")
        assert not unnamed_controls(driver), unnamed_controls(driver)
        # The gallery is a group of radio buttons: the arrow keys move through it. Moving asks before
        # the design being edited is replaced; no keeps it.
        checked = driver.find_element(By.CSS_SELECTOR, "#gallery input:checked")
        assert checked.get_attribute("value") == "slogan"
        checked.send_keys(Keys.ARROW_RIGHT)
        wait(driver, lambda d: d.switch_to.alert).dismiss()
        wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#gallery input:checked").get_attribute("value") == "slogan")
        assert design_field(driver, "back.1.text").get_attribute("value") == "Vì bình yên cuộc sống"
        # A field a problem names says so, and the problem's message is its description.
        hole_x = design_field(driver, "hole.x")
        retype(hole_x, "80")  # outside the keychain
        wait(driver, lambda d: settled(d, "#design-sides") and hole_x.get_attribute("aria-invalid") == "true")
        said = [driver.find_element(By.ID, i).text for i in hole_x.get_attribute("aria-describedby").split()]
        assert said and all(said), said
        assert_accessible(driver, "on the design tab with a problem shown (Vietnamese)")
        retype(hole_x, "5.5")
        wait(driver, lambda d: design_settled(d) and not d.find_elements(By.CSS_SELECTOR, "#view-design .field-error"))

    @test("design tab: save, and the template is on disk beside the directory, which names it")
    def _():
        retype(design_field(driver, "name"), "Phường An Cựu")
        assert driver.find_element(By.ID, "design-file").get_attribute("value") == "phuong-an-cuu.yaml"
        driver.find_element(By.ID, "design-save").click()
        wait(driver, lambda d: d.find_element(By.ID, "design-status").text == "Đã lưu")
        path = os.path.join(WORK, "phuong-an-cuu.yaml")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        assert "name: Phường An Cựu" in text and '"Vì bình yên cuộc sống"' in text and '"assets/logo.svg"' in text, text
        with open(DATA, encoding="utf-8") as f:
            assert 'template: "phuong-an-cuu.yaml"' in f.read()
        check = subprocess.run([BINARY, "check", "--data", DATA], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        assert "phuong-an-cuu.yaml" in driver.find_element(By.ID, "design-note").text

    @test("design tab: after a reload the saved design is there")
    def _():
        driver.refresh()  # the address keeps the tab: /#design
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-design="back.0.height"]'))
        assert design_field(driver, "name").get_attribute("value") == "Phường An Cựu"
        assert design_field(driver, "back.1.text").get_attribute("value") == "Vì bình yên cuộc sống"
        assert not driver.find_elements(By.CSS_SELECTOR, "#gallery input:checked")  # a file of its own now
        wait(driver, lambda d: design_settled(d) and LOGO_YELLOW in design_svgs(d)[1])

    @test("a sheet downloaded from the page carries the design's logo")
    def _():
        driver.find_element(By.ID, "tab-edit").click()
        field(driver, "communes.1.name").click()
        wait(driver, lambda d: settled(d) and "Vì bình yên cuộc sống" in side_texts(d))
        path = os.path.join(DOWNLOADS, "long-hau-sheet.pdf")
        link = driver.find_element(By.ID, "dl-sheet")
        link.click()
        wait(driver, lambda d: os.path.exists(path) and os.path.getsize(path) > 0, timeout=30)
        time.sleep(0.3)
        assert yellow_pixels(path, 1) == 0 and yellow_pixels(path, 2) > 20, "the logo is not on the sheet of backs"
        os.remove(path)

    @test("download a commune's print sheet on A5; pdfinfo reads it")
    def _():
        Select(driver.find_element(By.ID, "paper")).select_by_value("A5")
        link = driver.find_element(By.ID, "dl-sheet")
        assert "paper=A5" in link.get_attribute("href")
        link.click()
        path = os.path.join(DOWNLOADS, "long-hau-sheet.pdf")
        wait(driver, lambda d: os.path.exists(path) and os.path.getsize(path) > 0, timeout=30)
        time.sleep(0.3)
        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Pages:\s+2$", info, re.M), info
        assert re.search(r"^Page size:\s+419\.5\d* x 595\.2\d* pts", info, re.M), info  # A5

    @test("switch to English")
    def _():
        driver.find_element(By.ID, "lang-button").click()
        wait(driver, lambda d: d.find_element(By.ID, "save-button").text == "Save")
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
        assert driver.find_element(By.ID, "lang-button").text == "Tiếng Việt"
        assert "Communes" in driver.find_element(By.ID, "communes-section").text
        driver.refresh()  # the server opens it in English from now on
        wait(driver, lambda d: d.find_element(By.ID, "save-button").text == "Save")
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
        wait(driver, settled)

    @test("axe-core: no violation in English, on both tabs; the arrow keys move between the tabs")
    def _():
        assert_accessible(driver, "on the directory tab (English)")
        assert not unnamed_controls(driver), unnamed_controls(driver)
        edit, overview = driver.find_element(By.ID, "tab-edit"), driver.find_element(By.ID, "tab-overview")
        states = [edit.get_attribute("role"), edit.get_attribute("aria-selected"), edit.get_attribute("tabindex")]
        assert states == ["tab", "true", "0"], states
        assert overview.get_attribute("tabindex") == "-1"  # one tab in the Tab order: the selected one
        edit.send_keys(Keys.ARROW_RIGHT)
        assert driver.switch_to.active_element == overview and overview.get_attribute("aria-selected") == "true"
        assert edit.get_attribute("aria-selected") == "false"
        assert driver.find_element(By.ID, "view-overview").is_displayed()
        assert not driver.find_element(By.ID, "view-edit").is_displayed()
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#overview-grid .card"))
        assert_accessible(driver, "on the overview tab (English)")
        # A commune's name on its card is a button: Enter opens the commune, as a click on the card does.
        driver.find_elements(By.CSS_SELECTOR, "#overview-grid .card h2 button")[1].send_keys(Keys.ENTER)
        wait(driver, lambda d: d.find_element(By.ID, "view-edit").is_displayed())
        wait(driver, lambda d: d.find_element(By.ID, "preview-title").text == "Long Hậu")
        assert edit.get_attribute("aria-selected") == "true"
        edit.send_keys(Keys.END)
        design = driver.find_element(By.ID, "tab-design")
        assert driver.switch_to.active_element == design and driver.find_element(By.ID, "view-design").is_displayed()
        wait(driver, design_settled)
        assert_accessible(driver, "on the design tab (English)")
        assert not unnamed_controls(driver), unnamed_controls(driver)
        design.send_keys(Keys.ARROW_RIGHT)  # round from the last to the first
        assert driver.switch_to.active_element == edit and driver.find_element(By.ID, "view-edit").is_displayed()
        wait(driver, settled)

    @test("a stale save is refused and the file on disk is left as the other editor wrote it")
    def _():
        with open(DATA, "a", encoding="utf-8") as f:
            f.write("# changed by another editor\n")
        quantity = field(driver, "communes.1.quantity")
        retype(quantity, "1234")
        wait(driver, settled)
        driver.find_element(By.ID, "save-button").click()
        wait(driver, lambda d: "changed on disk" in d.find_element(By.ID, "banners").text)
        with open(DATA, encoding="utf-8") as f:
            assert f.read().endswith("# changed by another editor\n")
        reload_keep = [b for b in driver.find_elements(By.CSS_SELECTOR, "#banners button") if "keeping my edits" in b.text]
        reload_keep[0].click()
        wait(driver, lambda d: "kept your edits" in d.find_element(By.ID, "banners").text)
        assert field(driver, "communes.1.quantity").get_attribute("value") == "1234"
        assert driver.find_element(By.ID, "status").text == "Unsaved"

    @test("a name made of HTML is shown as text and runs nothing")
    def _():
        name = "<img src=x onerror=alert(1)>"
        retype(field(driver, "communes.1.name"), name)
        wait(driver, lambda d: d.find_element(By.ID, "preview-title").text == name)
        squeeze = lambda text: re.sub(r"[\s·]", "", text.lower())  # the layout may break the line at a space
        wait(driver, lambda d: settled(d) and squeeze(name) in squeeze(side_texts(d)))
        assert driver.execute_script("return document.querySelectorAll('img[src=\"x\"]').length") == 0
        try:
            driver.switch_to.alert
            raise AssertionError("an alert opened")
        except NoAlertPresentException:
            pass
        # The communes that listed it follow the rename.
        assert driver.execute_script(
            "return [...document.querySelectorAll('.chip')].some(c => c.textContent.startsWith(arguments[0]))", name)

    @test("drop a workbook: its problems name the sheet's cells and the commune")
    def _():
        workbook = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "MockhoaCoreTests", "Fixtures",
                                "two-sheets.xlsx")
        driver.find_element(By.ID, "import-file").send_keys(os.path.normpath(workbook))
        wait(driver, lambda d: "two-sheets.xlsx: Xã!B8: error: commune \"Tân Tập (Đông Thạnh, Phước Vĩnh Đông)\""
             in d.find_element(By.ID, "banners").text, timeout=30)
        assert driver.find_element(By.ID, "status").text == "Unsaved"  # the draft is left as it was

    @test("an issuer-form file (2025): the province's hotline and a commune's number edited, previewed, saved")
    def _():
        data = os.path.join(WORK, "tay-ninh.yaml")
        sample = subprocess.run([BINARY, "sample", "tay-ninh-2025"], capture_output=True, text=True, check=True)
        with open(data, "w", encoding="utf-8") as f:
            f.write(sample.stdout)
        process, url = start_server("--data", data)
        try:
            driver.delete_all_cookies()  # the language chosen earlier is a cookie of the host, whatever the port
            driver.get(url)  # another port: another origin, with no draft kept
            wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#communes tbody tr[data-index]")) == 5)
            assert driver.find_element(By.ID, "issuer-title").text == "Công an tỉnh Tây Ninh"
            assert Select(field(driver, "issuer.level")).first_selected_option.get_attribute("value") == "province"
            wait(driver, lambda d: settled(d) and "0276 3800 000" in side_texts(d))
            retype(field(driver, "issuer.hotline"), "0276 3800 999")
            wait(driver, lambda d: settled(d) and "0276 3800 999" in side_texts(d),
                 message="the preview never showed the new hotline")
            retype(field(driver, "issuer.hotline"), "0276 38")
            error = wait(driver, lambda d: [e for e in d.find_elements(By.CSS_SELECTOR, "#issuer .field-error")
                                            if "0276 38" in e.text], message="no error beside the hotline")
            assert "invalid" in field(driver, "issuer.hotline").get_attribute("class")
            retype(field(driver, "issuer.hotline"), "0276 3800 999")
            retype(field(driver, "communes.2.phone"), "0276 3800 099")
            field(driver, "communes.2.phone").click()
            wait(driver, lambda d: settled(d) and "0276 3800 099" in side_texts(d) and "0276 3800 999" in side_texts(d))
            assert not driver.find_elements(By.CSS_SELECTOR, ".field-error")
            assert_accessible(driver, "on an issuer-form file (province, Vietnamese)")
            driver.find_element(By.ID, "save-button").click()
            wait(driver, lambda d: d.switch_to.alert).accept()  # the file's comments would be dropped
            wait(driver, lambda d: d.find_element(By.ID, "status").text == "Đã lưu")
            with open(data, encoding="utf-8") as f:
                text = f.read()
            assert text.startswith("issuer:\n  level: province\n  name: Tây Ninh\n"), text[:80]
            assert 'hotline: "0276 3800 999"' in text and 'phone: "0276 3800 099"' in text
            assert "formerly: [thị trấn Cần Giuộc, Long Hậu, Phước Lại]" in text
            check = subprocess.run([BINARY, "check", "--data", data], capture_output=True, text=True)
            assert check.returncode == 0, check.stdout + check.stderr
        finally:
            process.terminate()
            process.wait(timeout=10)

    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        driver.get(address)
        for lang, file in [("vi", "page-vi.png"), ("en", "page-en.png")]:
            driver.execute_script("localStorage.clear()")
            driver.add_cookie({"name": "mockhoa-lang", "value": lang})
            driver.get(address)
            wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#sides img")) == 2)
            field(driver, "communes.1.name").click()
            wait(driver, lambda d: settled(d) and "Long Hậu" in side_texts(d))
            driver.save_screenshot(os.path.join(SHOTS, file))
        driver.set_window_size(420, 1400)
        driver.add_cookie({"name": "mockhoa-lang", "value": "vi"})
        driver.get(address)
        wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#sides img")) == 2)
        retype(field(driver, "communes.0.phone"), "0272 38")
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".field-error"))
        driver.save_screenshot(os.path.join(SHOTS, "page-narrow.png"))
        driver.set_window_size(1400, 1000)
        driver.find_element(By.ID, "tab-overview").click()
        time.sleep(2)
        driver.save_screenshot(os.path.join(SHOTS, "overview.png"))
        driver.set_window_size(1400, 1500)
        for lang, file in [("vi", "design-vi.png"), ("en", "design-en.png")]:
            driver.execute_script("localStorage.clear()")
            driver.add_cookie({"name": "mockhoa-lang", "value": lang})
            driver.get(address)
            driver.find_element(By.ID, "tab-design").click()
            wait(driver, design_settled)
            seq = driver.find_element(By.ID, "design-sides").get_attribute("data-seq")
            Select(driver.find_element(By.ID, "design-commune")).select_by_index(1)
            wait(driver, lambda d: design_settled(d) and d.find_element(By.ID, "design-sides").get_attribute("data-seq") != seq)
            driver.save_screenshot(os.path.join(SHOTS, file))
finally:
    driver.quit()
    server.terminate()
    server.wait(timeout=10)

for name, value in timings.items():
    print(f"timing: {name}: {value}")
failed = sum(1 for _, error in results if error)
print(f"{len(results) - failed} passed, {failed} failed")
shutil.rmtree(WORK, ignore_errors=True)
sys.exit(1 if failed else 0)
