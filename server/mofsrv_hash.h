/* libmofsrv: hashing of text that clients choose (instance keys, paths).
 *
 * SipHash-2-4 (libsodium's crypto_shorthash) under a 128-bit key drawn at
 * random once per process. With an unkeyed hash (FNV-1a before), a client
 * could create instances whose keys all fall into one slot of the store's
 * table, and every later lookup would scan them all: hash flooding. No hash
 * order reaches an answer or a state file (enumerations follow the
 * per-class lists), so answers are the same from run to run.
 *
 * Thread safety: any thread; the key is drawn on first use (pthread_once). */
#ifndef MOFSRV_HASH_H
#define MOFSRV_HASH_H
#include <stddef.h>
#include <stdint.h>

/* The keyed hash of n bytes at data (data may be NULL when n is 0). */
uint64_t mofsrv_hash(const void *data, size_t n);
#endif
