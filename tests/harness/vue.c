/*
 * vue.c : ce que voit du système un programme noté (root seulement, dans le fils avant exec).
 *
 * Un espace de noms de montage à lui où seuls restent le système (/usr, /etc, /dev, les
 * bibliothèques : la racine elle-même est gardée, ftok("/") vaut chez lui ce qu'il vaut pour le
 * correcteur) : chaque autre dossier de la racine (/home, /tmp, /var, /run, /srv, /work…) est
 * recouvert d'un tmpfs vide en lecture seule, où ne reparaissent que les dossiers de l'item
 * (dossier temporaire, programmes, suppressions de memcheck, dossier temporaire de l'étudiant).
 * Aucune autre copie du dépôt, ni les fichiers des autres rendus ni ceux du correcteur. /tmp et
 * /dev/shm sont des tmpfs neufs et bornés, /proc un procfs neuf (hidepid).
 */
#define _GNU_SOURCE
#include "interne.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

/* Les entrées de la racine qui restent telles quelles. */
static const char *const systeme[] = {"usr",   "bin",    "sbin", "lib", "lib32",
                                      "lib64", "libx32", "etc",  "dev", "proc"};

static bool du_systeme(const char *nom)
{
	for (size_t i = 0; i < sizeof systeme / sizeof systeme[0]; i++)
		if (strcmp(nom, systeme[i]) == 0)
			return true;
	return false;
}

/* mkdir -p CHEMIN (absolu), dans un tmpfs encore inscriptible. */
static bool creer_chemin(const char *chemin)
{
	char c[PATH_MAX];

	if (snprintf(c, sizeof c, "%s", chemin) >= (int)sizeof c)
		return false;
	for (char *p = c + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(c, 0755) == -1 && errno != EEXIST)
				return false;
			*p = '/';
		}
	return mkdir(c, 0755) == 0 || errno == EEXIST;
}

/* Un dossier à faire reparaître : son chemin absolu, tenu par un descripteur O_PATH pris avant
 * que son dossier de la racine soit recouvert. */
struct garde {
	char chemin[PATH_MAX];
	int fd;
	bool ecriture;
};

void vue_minimale(const char *const dossiers[], const bool ecriture[], size_t n)
{
	struct garde g[8];
	char caches[64][NAME_MAX + 2];
	size_t ng = 0, nc = 0;
	char source[64];
	DIR *d;
	struct dirent *e;

	if (unshare(CLONE_NEWNS) == -1 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1)
		return; /* sans CAP_SYS_ADMIN (Docker) : la vue de la machine */
	for (size_t i = 0; i < n && ng < sizeof g / sizeof g[0]; i++) {
		if (dossiers[i] == NULL || dossiers[i][0] == '\0' ||
		    realpath(dossiers[i], g[ng].chemin) == NULL)
			continue;
		g[ng].fd = open(g[ng].chemin, O_PATH | O_DIRECTORY | O_CLOEXEC);
		g[ng].ecriture = ecriture[i];
		if (g[ng].fd != -1)
			ng++;
	}
	/* Les dossiers de la racine à cacher (les liens, /bin -> usr/bin, et les fichiers restent) ;
	 * au-delà de 64, ils sont cachés aussi, mais leur tmpfs reste inscriptible. */
	d = opendir("/");
	while (d != NULL && (e = readdir(d)) != NULL) {
		char chemin[NAME_MAX + 2];
		struct stat st;

		snprintf(chemin, sizeof chemin, "/%s", e->d_name);
		if (e->d_name[0] == '.' || du_systeme(e->d_name) || lstat(chemin, &st) == -1 ||
		    !S_ISDIR(st.st_mode))
			continue;
		mount("tmpfs", chemin, "tmpfs", MS_NOSUID | MS_NODEV,
		      strcmp(e->d_name, "tmp") == 0 ? "size=64m,mode=1777" : "size=1m,mode=755");
		if (nc < sizeof caches / sizeof caches[0])
			memcpy(caches[nc++], chemin, sizeof chemin);
	}
	if (d != NULL)
		closedir(d);
	/* /dev/shm neuf avant les dossiers de l'item : l'un d'eux peut y être (TMPDIR=/dev/shm/…). */
	mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "size=64m,mode=1777");
	/* Les dossiers de l'item reparaissent à leur place, par leur descripteur. */
	for (size_t i = 0; i < ng; i++) {
		snprintf(source, sizeof source, "/proc/self/fd/%d", g[i].fd);
		if (creer_chemin(g[i].chemin) &&
		    mount(source, g[i].chemin, NULL, MS_BIND, NULL) == 0 && !g[i].ecriture)
			mount(NULL, g[i].chemin, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL);
		close(g[i].fd);
	}
	/* Les tmpfs qui ne servent qu'à cacher passent en lecture seule (/tmp reste ouvert). */
	for (size_t i = 0; i < nc; i++)
		if (strcmp(caches[i], "/tmp") != 0)
			mount(NULL, caches[i], NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV,
			      NULL);
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=invisible") ==
	    -1)
		mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2");
	/* Le dossier courant hérité serait un passage vers l'ancien arbre : celui de l'item. */
	if (ng == 0 || chdir(g[0].chemin) == -1)
		if (chdir("/") == -1)
			_exit(126);
}
