/*
 * memcheck.c : lancer un programme sous valgrind (memcheck) sans payer deux fois son démarrage.
 *
 * Quand les informations de débogage séparées de la libc sont installées (paquet libc6-dbg),
 * memcheck les relit à chaque lancement : 4 Mio de DWARF, près de la moitié de son temps de
 * démarrage (0,3 s sur 0,6 s, mesuré). Elles n'apportent que des numéros de ligne à l'intérieur
 * de la libc ; les erreurs du programme restent localisées dans ses sources. Le fils les masque
 * donc dans un espace de noms de montage privé ; si c'est refusé, rien ne change.
 * (Celles de ld.so restent : memcheck en a besoin pour rediriger strlen.)
 *
 * Tout bloc encore alloué à la sortie compte comme une erreur (proc.c), sauf ceux du chargeur
 * dynamique : getpwuid() pour un uid sans compte (make classe) charge des modules NSS par
 * dlopen, et ld.so garde ces allocations jusqu'au bout ; ce n'est pas une fuite du programme.
 */
#define _GNU_SOURCE
#include "interne.h"

#include <elf.h>
#include <errno.h>
#include <link.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

static char chemin_debug[128];
static char chemin_supp[600];

static const char suppressions[] = "{\n"
                                   "   tp-ipc-chargeur-dynamique\n"
                                   "   Memcheck:Leak\n"
                                   "   match-leak-kinds: reachable\n"
                                   "   ...\n"
                                   "   obj:*/ld-linux*.so*\n"
                                   "}\n";

/* Cherche la note NT_GNU_BUILD_ID de la libc chargée et en déduit son fichier .debug. */
static int noter_libc(struct dl_phdr_info *info, size_t taille, void *arg)
{
	(void)taille;
	(void)arg;
	if (info->dlpi_name == NULL || strstr(info->dlpi_name, "/libc.so") == NULL)
		return 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		const char *n = (const char *)(info->dlpi_addr + ph->p_vaddr);
		const char *fin = n + ph->p_memsz;

		if (ph->p_type != PT_NOTE)
			continue;
		while (n + sizeof(ElfW(Nhdr)) <= fin) {
			const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)n;
			const unsigned char *id =
			    (const unsigned char *)n + sizeof *nh + ((nh->n_namesz + 3) & ~3u);

			if (nh->n_type == NT_GNU_BUILD_ID && nh->n_descsz >= 2 &&
			    nh->n_descsz <= 32) {
				struct texte t = texte_sur(chemin_debug, sizeof chemin_debug);

				texte_ajouter(&t, "/usr/lib/debug/.build-id/%02x/", id[0]);
				for (unsigned k = 1; k < nh->n_descsz; k++)
					texte_ajouter(&t, "%02x", id[k]);
				texte_ajouter(&t, ".debug");
				if (t.tronque) /* un chemin coupé ne désigne rien */
					chemin_debug[0] = '\0';
				return 1;
			}
			n = (const char *)id + ((nh->n_descsz + 3) & ~3u);
		}
	}
	return 1;
}

void memcheck_preparer(void)
{
	static bool fait;
	FILE *f;

	if (fait)
		return;
	fait = true;
	dl_iterate_phdr(noter_libc, NULL);
	if (chemin_debug[0] && access(chemin_debug, R_OK) == -1)
		chemin_debug[0] = '\0';
	snprintf(chemin_supp, sizeof chemin_supp, "%s/memcheck.supp",
	         reglages.dossier_rapport ? reglages.dossier_rapport : bac.dossier);
	f = fopen(chemin_supp, "w");
	if (f == NULL || fputs(suppressions, f) == EOF || fclose(f) == EOF)
		echec("banc : écriture de %s : %s", chemin_supp, strerror(errno));
}

const char *memcheck_suppressions(void)
{
	static char option[640];

	snprintf(option, sizeof option, "--suppressions=%s", chemin_supp);
	return option;
}

void memcheck_alleger(void)
{
	if (chemin_debug[0] == '\0' || unshare(CLONE_NEWNS) == -1)
		return;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0)
		mount("/dev/null", chemin_debug, NULL, MS_BIND, NULL);
}
