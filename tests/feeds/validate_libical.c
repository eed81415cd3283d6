/* Validates iCalendar feeds with libical (the parser of Evolution and of many CalDAV
 * servers): a feed passes when libical reads one VCALENDAR from it, reports no parse
 * error (X-LIC-ERROR) and finds nothing against RFC 5546's PUBLISH restrictions.
 * Build: cc validate_libical.c $(pkg-config --cflags --libs libical) -o validate_libical
 * Usage: validate_libical FEED.ics...   Exits 1 if any feed fails. */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc(n + 1);
    if (buf && fread(buf, 1, n, f) != (size_t)n) { free(buf); buf = NULL; }
    if (buf) buf[n] = 0;
    fclose(f);
    return buf;
}

/* The first error libical attached to `c` or a component inside it, or NULL. */
static const char *first_error(icalcomponent *c) {
    icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY);
    if (p) return icalproperty_get_xlicerror(p);
    for (icalcomponent *s = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); s;
         s = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
        const char *e = first_error(s);
        if (e) return e;
    }
    return NULL;
}

int main(int argc, char **argv) {
    int passed = 0, failed = 0;
    for (int i = 1; i < argc; i++) {
        char *text = slurp(argv[i]);
        icalcomponent *cal = text ? icalparser_parse_string(text) : NULL;
        const char *why = NULL;
        if (!cal || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) why = "not a VCALENDAR";
        else if (!(why = first_error(cal))) {
            icalrestriction_check(cal);
            why = first_error(cal);
        }
        int events = cal ? icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT) : 0;
        if (why) { failed++; printf("FAIL  %s: %s\n", argv[i], why); }
        else { passed++; printf("ok    %s (%d events)\n", argv[i], events); }
        if (cal) icalcomponent_free(cal);
        free(text);
    }
    printf("libical: %d passed, %d failed\n", passed, failed);
    return failed || !passed ? 1 : 0;
}
