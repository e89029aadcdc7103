"""The query page of ``jcgraph serve`` in a real browser: Debian's chromium, headless, driven by selenium.

The system chromedriver is passed through selenium's ``Service``, so selenium-manager never runs and
nothing is downloaded. The test skips, with its reason, when chromium, chromedriver or selenium is missing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import jcgraph
from jcgraph.query.engine import catalogue as catalogue_of
from tests.test_serve import start, stop

pytestmark = pytest.mark.server
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def browser(monkeypatch):
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
    if not CHROMEDRIVER.exists() or _chromium() is None:
        pytest.skip("chromium and chromium-driver are not installed (bash .ci/debian-packages)")
    from selenium.webdriver.chrome.service import Service

    monkeypatch.setenv("SE_AVOID_STATS", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = _chromium()
    flags = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000")
    for flag in flags:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def test_the_page_runs_cq01_and_shows_its_rows(browser, repo_root, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import Select, WebDriverWait

    expected = jcgraph.query("cq-01", root=repo_root)
    process, url = start(repo_root, tmp_path)
    try:
        browser.get(url.rsplit("/", 1)[0] + "/")
        wait = WebDriverWait(browser, 60)
        wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
        prefixes = [td.get_attribute("textContent") for td in browser.find_elements(By.CSS_SELECTOR, "#prefixes td")]
        assert "jc:" in prefixes and "https://w3id.org/jcgraph/ontology#" in prefixes
        catalogue = Select(browser.find_element(By.ID, "catalogue"))
        assert len(catalogue.options) == len(catalogue_of(repo_root))
        assert catalogue.first_selected_option.get_attribute("value").startswith("cq-01")
        assert browser.find_element(By.ID, "param-state1").get_attribute("value") == "MAR"
        assert "VALUES (?state1 ?state2)" in browser.find_element(By.ID, "text").get_attribute("value")
        browser.find_element(By.ID, "run").click()
        wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "#results table.results")))
        head = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#results th")]
        rows = [
            [td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            for tr in browser.find_elements(By.CSS_SELECTOR, "#results tbody tr")
        ]
        assert head == expected.vars
        assert len(rows) == len(expected.rows) >= 1
        assert sorted(row[0] for row in rows) == sorted("agr:" + str(r[0]).rsplit("/", 1)[1] for r in expected.rows)
        assert f"{len(rows)} row" in browser.find_element(By.ID, "status").text

        # French questions, and a parameter typed by name is bound as one term
        Select(browser.find_element(By.ID, "lang")).select_by_value("fr")
        assert browser.find_element(By.ID, "question").text.startswith("Quels accords")
        state2 = browser.find_element(By.ID, "param-state2")
        state2.clear()
        state2.send_keys("Kenya")
        browser.find_element(By.ID, "fill").click()
        wait.until(lambda d: "/state/KEN>" in d.find_element(By.ID, "text").get_attribute("value"))
        browser.find_element(By.ID, "run").click()
        wait.until(lambda d: "row" in d.find_element(By.ID, "status").text)
        kenya = browser.find_elements(By.CSS_SELECTOR, "#results tbody tr")
        assert len(kenya) == len(jcgraph.query("cq-01", {"state2": "KEN"}, root=repo_root).rows) >= 1
    finally:
        assert stop(process) == 0
