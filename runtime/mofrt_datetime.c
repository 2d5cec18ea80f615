/* DSP0004 datetime: parse, print and validate timestamps and intervals,
 * including the asterisk notation for reduced precision. */
#include "runtime/mofrt_value.h"

#include <stdio.h>
#include <string.h>

/* Digit positions (in the 25-char string) of the 20 significant digits, and
 * the field boundaries at which a precision may stop. */
static const uint8_t digit_pos[20] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20,
};

static bool precision_ok(bool interval, unsigned prec)
{
    if (prec >= 14 && prec <= 20)
        return true;   /* whole fields down to seconds, then digit by digit */
    if (interval)
        return prec == 0 || prec == 8 || prec == 10 || prec == 12;
    return prec == 0 || prec == 4 || prec == 6 || prec == 8 || prec == 10 || prec == 12;
}

static unsigned num(const char *s, unsigned from, unsigned len)
{
    unsigned v = 0;
    for (unsigned i = 0; i < len; i++)
        v = v * 10 + (unsigned)(s[from + i] == '*' ? 0 : s[from + i] - '0');
    return v;
}

static bool leap(unsigned y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(unsigned y, unsigned m)
{
    static const uint8_t dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return (m == 2 && leap(y)) ? 29 : dim[m - 1];
}

bool mofrt_datetime_valid(const mofrt_datetime *dt)
{
    if (!dt || dt->precision > 20 || !precision_ok(dt->is_interval, dt->precision))
        return false;
    unsigned p = dt->precision;
    if (dt->microsecond > 999999)
        return false;
    if (dt->is_interval) {
        if (dt->days > 99999999)
            return false;
        if ((p >= 10 && dt->hour > 23) || (p >= 12 && dt->minute > 59) || (p >= 14 && dt->second > 59))
            return false;
        return true;
    }
    if (dt->year > 9999 || dt->utc_offset < -999 || dt->utc_offset > 999)
        return false;
    if (p >= 6 && (dt->month < 1 || dt->month > 12))
        return false;
    /* Stars only ever cover the least significant fields, so a significant
     * day always comes with a significant month and year. */
    if (p >= 8 && (dt->day < 1 || dt->day > days_in_month(dt->year, dt->month)))
        return false;
    if ((p >= 10 && dt->hour > 23) || (p >= 12 && dt->minute > 59) || (p >= 14 && dt->second > 59))
        return false;
    return true;
}

int mofrt_datetime_parse(const char *s, mofrt_datetime *out, mofrt_error *err)
{
    if (!s || strlen(s) != MOFRT_DATETIME_LEN || s[14] != '.')
        goto bad;
    bool interval = s[21] == ':';
    if (!interval && s[21] != '+' && s[21] != '-')
        goto bad;
    /* Count significant digits; once a '*' appears, all later digit
     * positions must be '*' too. */
    unsigned prec = 20;
    for (unsigned i = 0; i < 20; i++) {
        char c = s[digit_pos[i]];
        if (c == '*') {
            if (prec == 20)
                prec = i;
        } else if (c < '0' || c > '9' || prec != 20) {
            goto bad;
        }
    }
    for (unsigned i = 22; i < 25; i++)
        if (s[i] < '0' || s[i] > '9')
            goto bad;
    if (!precision_ok(interval, prec))
        goto bad;
    mofrt_datetime dt;
    memset(&dt, 0, sizeof dt);
    dt.is_interval = interval;
    dt.precision = (uint8_t)prec;
    if (interval) {
        if (strcmp(s + 21, ":000") != 0)
            goto bad;
        dt.days = num(s, 0, 8);
    } else {
        dt.year = (uint16_t)num(s, 0, 4);
        dt.month = (uint8_t)num(s, 4, 2);
        dt.day = (uint8_t)num(s, 6, 2);
        unsigned off = num(s, 22, 3);
        dt.utc_offset = (int16_t)(s[21] == '-' ? -(int)off : (int)off);
    }
    dt.hour = (uint8_t)num(s, 8, 2);
    dt.minute = (uint8_t)num(s, 10, 2);
    dt.second = (uint8_t)num(s, 12, 2);
    dt.microsecond = num(s, 15, 6);
    if (!mofrt_datetime_valid(&dt))
        return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_RANGE,
                               "datetime '%s' has a field out of range", s);
    *out = dt;
    return 0;
bad:
    return mofrt_error_set(err, MOFRT_CIM_ERR_INVALID_PARAMETER, MOFRT_E_SYNTAX,
                           "'%.40s' is not a DSP0004 datetime "
                           "(yyyymmddhhmmss.mmmmmmsutc or ddddddddhhmmss.mmmmmm:000)",
                           s ? s : "");
}

void mofrt_datetime_print(const mofrt_datetime *dt, char out[MOFRT_DATETIME_LEN + 1])
{
    if (dt->is_interval)
        snprintf(out, MOFRT_DATETIME_LEN + 1, "%08u%02u%02u%02u.%06u:000",
                 (unsigned)(dt->days % 100000000u), dt->hour % 100u, dt->minute % 100u,
                 dt->second % 100u, (unsigned)(dt->microsecond % 1000000u));
    else {
        int off = dt->utc_offset;
        char sign = off < 0 ? '-' : '+';
        if (off < 0)
            off = -off;
        snprintf(out, MOFRT_DATETIME_LEN + 1, "%04u%02u%02u%02u%02u%02u.%06u%c%03d",
                 dt->year % 10000u, dt->month % 100u, dt->day % 100u, dt->hour % 100u,
                 dt->minute % 100u, dt->second % 100u, (unsigned)(dt->microsecond % 1000000u),
                 sign, off % 1000);
    }
    unsigned prec = dt->precision > 20 ? 20 : dt->precision;
    for (unsigned i = prec; i < 20; i++)
        out[digit_pos[i]] = '*';
}

/* Days from 1970-01-01 to y-m-d of the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil): the local offset without the
 * non-standard tm_gmtoff or timegm. */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

mofrt_datetime mofrt_datetime_from_time(time_t t, uint32_t microsecond, bool local)
{
    struct tm tm;
    mofrt_datetime d;
    memset(&d, 0, sizeof d);
    if (!(local ? localtime_r(&t, &tm) : gmtime_r(&t, &tm)))
        memset(&tm, 0, sizeof tm), tm.tm_year = 70, tm.tm_mday = 1;
    d.precision = 20;
    d.year = (uint16_t)(tm.tm_year + 1900);
    d.month = (uint8_t)(tm.tm_mon + 1);
    d.day = (uint8_t)tm.tm_mday;
    d.hour = (uint8_t)tm.tm_hour;
    d.minute = (uint8_t)tm.tm_min;
    d.second = (uint8_t)(tm.tm_sec > 59 ? 59 : tm.tm_sec);   /* a leap second: DSP0004 has no 60 */
    d.microsecond = microsecond > 999999u ? 999999u : microsecond;
    if (local) {
        long long wall = days_from_civil(tm.tm_year + 1900LL, (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday) * 86400 +
                         tm.tm_hour * 3600LL + tm.tm_min * 60LL + tm.tm_sec;
        long long off = (wall - (long long)t) / 60;
        d.utc_offset = (int16_t)(off < -999 ? -999 : off > 999 ? 999 : off);
    }
    return d;
}
