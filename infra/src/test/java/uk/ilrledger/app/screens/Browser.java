package uk.ilrledger.app.screens;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven through Debian's chromedriver against the running service. Without
 * chromedriver the screen tests fail: they are never skipped.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final List<String> WCAG_22_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");

    private final ChromeDriver driver;
    private final Path profile;
    private final String base;

    Browser(int port) {
        assertThat(CHROMEDRIVER).as("chromedriver is needed for the screen tests (apt-get install chromium chromium-driver)")
                .isExecutable();
        assertThat(CHROMIUM).as("Chromium is needed for the screen tests").isExecutable();
        try {
            profile = Files.createTempDirectory("ilr-ledger-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 1400));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(60));
        base = "http://localhost:" + port;
    }

    void open(String path) {
        driver.get(base + path);
    }

    void signIn(String user, String password) {
        open("/sign-in");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("main button[type=submit]")).click();
        waitFor(By.cssSelector("form.sign-out"));
    }

    void signOut() {
        driver.findElement(By.cssSelector("form.sign-out button")).click();
        waitFor(By.id("username"));
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText();
    }

    /** The text of each cell of each table row {@code css} selects, read in one call however many there are. */
    @SuppressWarnings("unchecked")
    List<List<String>> cells(String css) {
        return (List<List<String>>) ((JavascriptExecutor) driver).executeScript("""
                return Array.from(document.querySelectorAll(arguments[0]))
                    .map(row => Array.from(row.cells).map(cell => cell.innerText.trim()));""", css);
    }

    /** The attribute {@code name} as written, of each element {@code css} selects, read in one call. */
    @SuppressWarnings("unchecked")
    List<String> attributes(String css, String name) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript("""
                return Array.from(document.querySelectorAll(arguments[0])).map(e => e.getAttribute(arguments[1]));""",
                css, name);
    }

    /** The text shown inside a frame of the page. */
    String frameText(String css) {
        driver.switchTo().frame(find(css));
        try {
            return until(d -> {
                String text = d.findElement(By.tagName("body")).getText();
                return text.isBlank() ? null : text;
            });
        } finally {
            driver.switchTo().defaultContent();
        }
    }

    String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    WebElement waitFor(By by) {
        return until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits until the element's text contains {@code expected}; htmx may replace the element meanwhile. */
    String waitForTextContaining(String css, String expected) {
        return until(d -> {
            String text = d.findElement(By.cssSelector(css)).getText();
            return text.contains(expected) ? text : null;
        });
    }

    /**
     * Waits up to 30 s for {@code condition}, asking again while the element it asks about is gone or
     * replaced: not found yet, stale, or, ChromeDriver's word for an element whose page was replaced
     * between finding and asking it (as while a sign-out's redirects load), not in the document.
     */
    private <T> T until(Function<? super WebDriver, T> condition) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class);
        return wait.until(d -> {
            try {
                return condition.apply(d);
            } catch (WebDriverException e) {
                if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                    return null;
                }
                throw e;
            }
        });
    }

    /** Waits until the address holds {@code text}, as after a submitted search. */
    void waitForUrlContaining(String text) {
        until(ExpectedConditions.urlContains(text));
    }

    /** Waits until the element shows {@code expected}, as after a form's redirect. */
    void waitForText(String css, String expected) {
        until(ExpectedConditions.textToBe(By.cssSelector(css), expected));
    }

    void clickLink(String text) {
        driver.findElement(By.linkText(text)).click();
    }

    /** Sets an input as a user's typing would, firing the input event htmx listens for. */
    void type(String css, String value) {
        WebElement input = find(css);
        ((JavascriptExecutor) driver).executeScript("""
                arguments[0].value = arguments[1];
                arguments[0].dispatchEvent(new Event('input', {bubbles: true}));
                arguments[0].dispatchEvent(new Event('change', {bubbles: true}));""", input, value);
    }

    void attach(String css, Path file) {
        find(css).sendKeys(file.toAbsolutePath().toString());
    }

    /** axe-core in the page: no WCAG 2.2 A or AA violation. */
    void assertAccessible(String screen) {
        Results results = new AxeBuilder().withTags(WCAG_22_AA).analyze(driver);
        assertThat(results.getViolations()).as(screen + ": " + describe(results.getViolations())).isEmpty();
    }

    /** Saves the visible page as {@code docs/screens/<name>.png} in the repository. */
    void screenshot(String name) {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        try {
            Path screens = repositoryRoot().resolve("docs/screens");
            Files.createDirectories(screens);
            Files.copy(shot.toPath(), screens.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root (holding mvnw)").isNotNull();
        return dir;
    }

    private static String describe(List<Rule> violations) {
        return violations.stream().map(rule -> rule.getId() + " (" + rule.getHelp() + ") at "
                + rule.getNodes().stream().map(node -> String.valueOf(node.getTarget())).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
