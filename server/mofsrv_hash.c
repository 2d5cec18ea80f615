#include "server/mofsrv_hash.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static unsigned char key[crypto_shorthash_KEYBYTES];
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void draw_key(void)
{
    /* sodium_init fails only when it cannot read the system's random
     * source (no getrandom, no /dev/urandom): a server must not then run
     * with a key an attacker knows. */
    if (sodium_init() < 0)
        abort();
    randombytes_buf(key, sizeof key);
}

uint64_t mofsrv_hash(const void *data, size_t n)
{
    pthread_once(&key_once, draw_key);
    unsigned char out[crypto_shorthash_BYTES];
    crypto_shorthash(out, data ? data : (const void *)"", n, key);
    uint64_t h;
    memcpy(&h, out, sizeof h);
    return h;
}
