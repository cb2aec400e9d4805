package org.fountain.filters;

import java.util.List;
import org.fountain.accounts.AccountsProperties;
import org.fountain.accounts.UserRegistered;
import org.fountain.filters.storage.StoredFilters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * A first run that shows the product: the administrator owns a few public example filters, and every newly
 * registered user follows them, so a newcomer's dashboard fills within a minute.
 */
@Component
@Order(10)
public class ExampleFilters implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ExampleFilters.class);

    /** The public examples every new user follows. */
    public static final List<FilterDraft> EXAMPLES = List.of(
            new FilterDraft(
                    "ZTF purity cut",
                    "ZTF's published cut for a clean sample of real detections: a good real-bogus score, no bad"
                            + " pixels, a sharp round PSF, and aperture and PSF photometry that agree.",
                    "candidate.rb >= 0.65 && candidate.nbad == 0 && candidate.fwhm <= 5.0\n"
                            + "  && candidate.elong <= 1.2 && abs(candidate.magdiff) <= 0.1",
                    "ztf",
                    Visibility.PUBLIC,
                    true,
                    false),
            new FilterDraft(
                    "Bright new transient",
                    "Brighter than 18.5, real, brighter than the reference, seen at most three times, not a star"
                            + " and not a known asteroid.",
                    "candidate.magpsf < 18.5 && candidate.rb >= 0.65 && candidate.isdiffpos == 't'\n"
                            + "  && candidate.ndethist <= 3 && candidate.sgscore1 < 0.5\n"
                            + "  && (candidate.ssdistnr < 0.0 || candidate.ssdistnr > 12.0)",
                    "ztf",
                    Visibility.PUBLIC,
                    true,
                    false),
            new FilterDraft(
                    "Not a known asteroid",
                    "Real, positive detections with no known solar-system object within 12 arcseconds.",
                    "candidate.rb >= 0.65 && candidate.isdiffpos == 't'\n"
                            + "  && (candidate.ssdistnr == null || candidate.ssdistnr < 0.0 || candidate.ssdistnr > 12.0)",
                    "ztf",
                    Visibility.PUBLIC,
                    true,
                    false));

    /**
     * An example in the editor's gallery.
     *
     * @param title what the button says
     * @param summary what it finds, in a few words
     */
    public record Example(String title, String summary, FilterDraft draft) {}

    /** The editor's gallery: the public examples every user follows, then a few more that show the language. */
    public static final List<Example> GALLERY = List.of(
            new Example("ZTF purity cut", "real, clean detections (ZTF's published cut)", EXAMPLES.get(0)),
            new Example(
                    "Bright new transient",
                    "brighter than 18.5, seen at most three times, not a star or a known asteroid",
                    EXAMPLES.get(1)),
            new Example("Not a known asteroid", "no solar-system object within 12″", EXAMPLES.get(2)),
            new Example(
                    "Near a position",
                    "within 10′ of M101",
                    FilterDraft.of(
                            "Near M101",
                            "cone(candidate.ra, candidate.dec, 210.80227, 54.34894, 600.0) && candidate.rb >= 0.65")),
            new Example(
                    "Brightening",
                    "half a magnitude brighter than before",
                    FilterDraft.of(
                            "Rising",
                            "prv_candidates.exists(p, p.magpsf != null && p.magpsf - candidate.magpsf > 0.5)")),
            new Example(
                    "Off the galactic plane",
                    "|b| above 20°",
                    FilterDraft.of(
                            "Off the plane",
                            "abs(galactic_latitude(candidate.ra, candidate.dec)) > 20.0 && candidate.rb >= 0.65")));

    private final Filters filters;
    private final StoredFilters stored;
    private final String admin;

    ExampleFilters(Filters filters, StoredFilters stored, AccountsProperties accounts) {
        this.filters = filters;
        this.stored = stored;
        this.admin = accounts.adminUsername();
    }

    /** Only on a fresh database: an administrator who later deletes the examples does not get them back. */
    @Override
    public void run(ApplicationArguments args) {
        if (stored.countAll() > 0) {
            return;
        }
        for (FilterDraft example : EXAMPLES) {
            try {
                filters.create(admin, example);
            } catch (RuntimeException e) {
                log.warn("Could not create the example filter '{}': {}", example.name(), e.getMessage());
            }
        }
        log.info("First run: {} public example filters created, followed by every new user", EXAMPLES.size());
    }

    @EventListener
    void followExamples(UserRegistered registered) {
        for (Filter filter : stored.ownedBy(admin)) {
            if (filter.isPublic()) {
                filters.follow(filter.id(), registered.username());
            }
        }
    }
}
