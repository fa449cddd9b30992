/* banned.h: functions that invite overflows or silent misparses are poisoned.
 * Use nhi_buf, snprintf, strtok_r and nhi_parse_* from num.h instead. */
#ifndef NHI_BANNED_H
#define NHI_BANNED_H

#undef strcpy
#define strcpy(a, b) BANNED_strcpy
#undef strcat
#define strcat(a, b) BANNED_strcat
#undef sprintf
#define sprintf(...) BANNED_sprintf
#undef vsprintf
#define vsprintf(...) BANNED_vsprintf
#undef strtok
#define strtok(a, b) BANNED_strtok
#undef atoi
#define atoi(a) BANNED_atoi
#undef atol
#define atol(a) BANNED_atol
#undef gets
#define gets(a) BANNED_gets

#endif
