/* hvclusterd: fresh identifiers (GUID text form, random per process start
 * plus a counter, so they never repeat across restarts). Thread-safe. */
#ifndef HV_IDS_H
#define HV_IDS_H

#include <pthread.h>
#include <stdint.h>

typedef struct hv_ids {
    pthread_mutex_t mu;
    uint64_t state;
} hv_ids;

void hv_ids_init(hv_ids *ids);
void hv_ids_destroy(hv_ids *ids);
/* "XXXXXXXX-XXXX-4XXX-8XXX-XXXXXXXXXXXX" (upper-case hex) into out[37]. */
void hv_ids_guid(hv_ids *ids, char out[37]);

#endif
