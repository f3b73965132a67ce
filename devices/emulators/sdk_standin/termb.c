/* A stand-in for the Huashi-style termb library (CVR_*), with the exported names, argument shapes and return
 * codes of its public SDK: CVR_InitComm 1 done / 2 port failed; CVR_Authenticate 1 card read to authenticate /
 * 2 no card / 3 select failed / 4 not connected; CVR_Read_Content 1 done / 0 failed; getters (buffer, length)
 * give GBK text and 1; GetBMPData the photo the library decodes itself. cdecl here; Windows' is __stdcall. */
#include <stdio.h>
#include <string.h>

#include "standin.h"

static int opened = 0, port_open = 0, authenticated = 0, content = 0;

int CVR_InitComm(int port) {
    int rc;
    if (standin_fault("unplugged") || standin_fault("busy") || port != 1001) rc = 2;
    else { opened = 1; port_open = port; rc = 1; }
    standin_log("CVR_InitComm", port, rc);
    return rc;
}

int CVR_CloseComm(void) {
    opened = authenticated = content = 0;
    standin_log("CVR_CloseComm", port_open, 1);
    return 1;
}

int CVR_Authenticate(void) {
    int rc;
    if (standin_fault("unplugged")) { opened = 0; rc = 4; }
    else if (!opened) rc = 4;
    else if (standin_fault("sam")) rc = 0;
    else if (!standin_exists("text.bin") || standin_exists("read_once")) rc = 2;
    else if (standin_fault("two_cards")) rc = 3;
    else rc = 1;
    authenticated = rc == 1;
    content = 0;
    standin_log("CVR_Authenticate", port_open, rc);
    return rc;
}

int CVR_Read_Content(int active) {
    int rc;
    if (standin_fault("unplugged")) { opened = 0; rc = 0; }
    else if (!authenticated) rc = 0;
    else if (standin_fault("lift_mid_read")) { standin_remove("text.bin"); rc = 0; }
    else { rc = standin_exists("fields.gbk") ? 1 : 0; if (rc && standin_fault("sticky")) standin_touch("read_once"); }
    content = rc == 1;
    standin_log("CVR_Read_Content", active, rc);
    return rc;
}

int CVR_GetSAMID(char *sam) {
    int rc = opened && !standin_fault("sam") ? 1 : 0;
    if (rc) strcpy(sam, "05.01-20260101-0000000001-1234567890");
    standin_log("CVR_GetSAMID", port_open, rc);
    return rc;
}

/* The n-th line of fields.gbk: certificate type, name, sex, nation, birthday, address, ID code, department,
 * start date, end date. */
static int field(int n, unsigned char *out, int *len) {
    char all[4096] = {0};
    if (!content || standin_read("fields.gbk", (unsigned char *)all, sizeof all - 1) <= 0) return 0;
    char *line = all;
    for (int i = 0; i < n && line; i++) {
        line = strchr(line, '\n');
        if (line) line++;
    }
    if (!line) return 0;
    size_t size = strcspn(line, "\n");
    memcpy(out, line, size);
    out[size] = 0;
    *len = (int)size;
    return 1;
}

int GetCertType(unsigned char *out, int *len) { return field(0, out, len); }
int GetPeopleName(unsigned char *out, int *len) { return field(1, out, len); }
int GetPeopleSex(unsigned char *out, int *len) { return field(2, out, len); }
int GetPeopleNation(unsigned char *out, int *len) { return field(3, out, len); }
int GetPeopleBirthday(unsigned char *out, int *len) { return field(4, out, len); }
int GetPeopleAddress(unsigned char *out, int *len) { return field(5, out, len); }
int GetPeopleIDCode(unsigned char *out, int *len) { return field(6, out, len); }
int GetDepartment(unsigned char *out, int *len) { return field(7, out, len); }
int GetStartDate(unsigned char *out, int *len) { return field(8, out, len); }
int GetEndDate(unsigned char *out, int *len) { return field(9, out, len); }

int GetBMPData(unsigned char *out, int *len) {
    unsigned char wlt[1024];
    if (!content || standin_read("photo.wlt", wlt, sizeof wlt) != 1024) return 0;
    standin_decode(wlt, out);
    *len = STANDIN_BMP_SIZE;
    return 1;
}
