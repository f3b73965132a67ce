/* A stand-in for the Synjones-style sdtapi library (SDT_*), with the exported names, argument shapes and return
 * codes of its public header: 0x90 done, 0x9F card found, 0x80 no card, 0x81 select failed, 0x01 port not
 * open, 0x02 no answer in time, 0x60 SAM self-test failed. cdecl here; the Windows DLL is __stdcall. */
#include <string.h>

#include "standin.h"

static int opened = 0;

static int gone(int port) {
    if (standin_fault("unplugged")) { opened = 0; return 1; }
    if (!opened || port != 1001) return 1;
    return 0;
}

int SDT_OpenPort(int port) {
    int rc;
    if (standin_fault("unplugged") || port < 1001 || port > 1016) rc = 0x01;
    else if (standin_fault("busy")) rc = 0x01;
    else if (port != 1001) rc = 0x01;
    else { opened = 1; rc = 0x90; }
    standin_log("SDT_OpenPort", port, rc);
    return rc;
}

int SDT_ClosePort(int port) {
    opened = 0;
    standin_log("SDT_ClosePort", port, 0x90);
    return 0x90;
}

int SDT_GetSAMStatus(int port, int if_open) {
    (void)if_open;
    int rc = gone(port) ? 0x01 : standin_fault("sam") ? 0x60 : 0x90;
    standin_log("SDT_GetSAMStatus", port, rc);
    return rc;
}

int SDT_GetSAMIDToStr(int port, char *sam, int if_open) {
    (void)if_open;
    int rc = gone(port) ? 0x01 : standin_fault("sam") ? 0x60 : 0x90;
    if (rc == 0x90) strcpy(sam, "05.01-20260101-0000000001-1234567890");
    standin_log("SDT_GetSAMIDToStr", port, rc);
    return rc;
}

int SDT_StartFindIDCard(int port, unsigned char *iin, int if_open) {
    (void)if_open;
    int rc;
    if (gone(port)) rc = 0x01;
    else if (standin_fault("sam")) rc = 0x60;
    else if (!standin_exists("text.bin")) rc = 0x80;
    else if (standin_exists("read_once")) rc = 0x80;  /* "sticky": read, and not found again until lifted */
    else { memset(iin, 0, 8); rc = 0x9F; }
    standin_log("SDT_StartFindIDCard", port, rc);
    return rc;
}

int SDT_SelectIDCard(int port, unsigned char *sn, int if_open) {
    (void)if_open;
    int rc = gone(port) ? 0x01 : !standin_exists("text.bin") || standin_fault("two_cards") ? 0x81 : 0x90;
    if (rc == 0x90) memset(sn, 0, 8);
    standin_log("SDT_SelectIDCard", port, rc);
    return rc;
}

int SDT_ReadBaseMsg(int port, unsigned char *text, unsigned int *text_len, unsigned char *photo,
                    unsigned int *photo_len, int if_open) {
    (void)if_open;
    int rc = 0x90;
    if (gone(port)) rc = 0x01;
    else if (standin_fault("lift_mid_read")) { standin_remove("text.bin"); rc = 0x41; }
    else {
        int t = standin_read("text.bin", text, 256), p = standin_read("photo.wlt", photo, 1024);
        if (t != 256 || p != 1024) rc = 0x41;
        else { *text_len = 256; *photo_len = 1024; if (standin_fault("sticky")) standin_touch("read_once"); }
    }
    standin_log("SDT_ReadBaseMsg", port, rc);
    return rc;
}
