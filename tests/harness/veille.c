/*
 * veille.c : pendant une attente, reconnaître que rien ne peut plus arriver, pour conclure tout
 * de suite au lieu d'attendre l'échéance.
 *
 * Interblocage : chaque processus de l'item dort dans un appel sans échéance qu'un autre
 * processus de l'item devrait débloquer (msgrcv, msgsnd, semop, wait4...) ou est arrêté par le
 * correcteur, et aucun n'a tourné depuis FIGE_MS. Le correcteur, lui, attend : personne ne
 * réveillera ces processus (l'espace de noms IPC de l'item est fermé aux autres).
 *
 * Fork en boucle : plus de TEMPETE processus vivants que le correcteur n'a pas lancés.
 *
 * Limite connue : un programme que seule sa propre alarme (alarm, minuterie) réveillerait plus
 * de FIGE_MS après que tout s'est endormi serait jugé figé ; aucun TP ne s'en sert.
 */
#define _GNU_SOURCE
#include "interne.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define FIGE_MS        250 /* état inchangé pendant ce temps : plus rien ne bougera */
#define RELEVE_MS      20  /* intervalle entre deux relevés quand tout dort */
#define RELEVE_LENT_MS 50  /* intervalle quand un processus tourne (fork en boucle ?) */
/* Plus de TROU_MS entre deux relevés : le correcteur n'a pas pu regarder (machine chargée), et
 * des processus qui attendaient de lui (un tube qu'il remplit) n'ont pas pu bouger non plus ;
 * l'immobilité se recompte depuis ce relevé. */
#define TROU_MS    100
#define TEMPETE    32 /* processus vivants non lancés par le correcteur */
#define MAX_TACHES 1024

static char motif[256];

/* Lit « pid tid ... » dans /proc/PID/task/TID/children : ajoute les pids à t[*n..max). */
static void ajouter_enfants(pid_t pid, pid_t *t, size_t *n, size_t max)
{
	char chemin[96];
	DIR *d;
	struct dirent *e;

	snprintf(chemin, sizeof chemin, "/proc/%d/task", (int)pid);
	d = opendir(chemin);
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL && *n < max) {
		FILE *f;
		int enfant;

		if (e->d_name[0] == '.')
			continue;
		snprintf(chemin, sizeof chemin, "/proc/%d/task/%d/children", (int)pid,
		         atoi(e->d_name));
		f = fopen(chemin, "r");
		if (f == NULL)
			continue;
		while (*n < max && fscanf(f, "%d", &enfant) == 1)
			t[(*n)++] = (pid_t)enfant;
		fclose(f);
	}
	closedir(d);
}

/* Les processus de l'item : descendants du correcteur, sans le gardien et le pid 2 réservé. */
static size_t processus_item(pid_t *t, size_t max)
{
	size_t n = 0;

	ajouter_enfants(getpid(), t, &n, max);
	for (size_t i = 0; i < n; i++)
		ajouter_enfants(t[i], t, &n, max);
	for (size_t i = 0; i < n;) {
		if (bac.espaces_de_noms && (t[i] == bac.gardien || t[i] == bac.reserve))
			t[i] = t[--n];
		else
			i++;
	}
	return n;
}

enum avancement { MORT, COINCE, ACTIF };

/* La tâche peut-elle avancer seule ? COINCE : elle dort dans un appel sans échéance qu'un autre
 * processus doit débloquer, ou elle est arrêtée (SIGSTOP du correcteur). */
static enum avancement tache(const char *dossier, pid_t tid, unsigned long long *ns)
{
	char chemin[160], ligne[512], *fin, etat;
	unsigned long a[6] = {0};
	long nr = -1;
	FILE *f;

	snprintf(chemin, sizeof chemin, "%s/schedstat", dossier);
	f = fopen(chemin, "r");
	if (f != NULL) {
		unsigned long long v;

		if (fscanf(f, "%llu", &v) == 1)
			*ns += v;
		fclose(f);
	}
	snprintf(chemin, sizeof chemin, "%s/stat", dossier);
	f = fopen(chemin, "r");
	if (f == NULL)
		return MORT;
	fin = fgets(ligne, sizeof ligne, f) ? strrchr(ligne, ')') : NULL;
	fclose(f);
	etat = fin && fin[1] ? fin[2] : '?';
	if (etat == 'Z' || etat == 'X')
		return MORT;
	if (etat == 'T')
		return COINCE;
	/* Sous ptrace : retenue par le correcteur ou arrêtée par SIGSTOP, elle attend ; arrêtée
	 * pour le traceur, elle repart dès que le correcteur relève ses arrêts. */
	if (etat == 't')
		return trace_immobile(tid) ? COINCE : ACTIF;
	if (etat != 'S')
		return ACTIF;
	snprintf(chemin, sizeof chemin, "%s/syscall", dossier);
	f = fopen(chemin, "r");
	if (f == NULL)
		return ACTIF;
	if (fgets(ligne, sizeof ligne, f) == NULL ||
	    sscanf(ligne, "%ld %lx %lx %lx %lx", &nr, &a[0], &a[1], &a[2], &a[3]) < 1)
		nr = -1;
	fclose(f);
	switch (nr) {
	case SYS_msgrcv:
	case SYS_msgsnd:
	case SYS_semop:
	case SYS_wait4:
	case SYS_waitid:
		return COINCE;
	case SYS_semtimedop: /* semop() de la glibc : sans délai si timeout == NULL */
		return a[3] == 0 ? COINCE : ACTIF;
	default:
		return ACTIF;
	}
}

/* Le plus avancé des états de ses tâches ; *ns cumule leur temps processeur (schedstat). */
static enum avancement processus(pid_t pid, unsigned long long *ns)
{
	char chemin[96];
	DIR *d;
	struct dirent *e;
	enum avancement a = MORT;

	snprintf(chemin, sizeof chemin, "/proc/%d/task", (int)pid);
	d = opendir(chemin);
	if (d == NULL)
		return MORT;
	while ((e = readdir(d)) != NULL) {
		enum avancement t;

		if (e->d_name[0] == '.')
			continue;
		snprintf(chemin, sizeof chemin, "/proc/%d/task/%d", (int)pid, atoi(e->d_name));
		t = tache(chemin, (pid_t)atoi(e->d_name), ns);
		if (t > a)
			a = t;
	}
	closedir(d);
	return a;
}

static bool lance_par_banc(pid_t pid)
{
	for (size_t i = 0; i < bac.nb_procs; i++)
		if (bac.procs[i]->pid == pid && !bac.procs[i]->fini)
			return true;
	return false;
}

void veille_commencer(struct veille *v)
{
	memset(v, 0, sizeof *v);
	maintenant(&v->releve);
}

void veille_conclure(bool atteint, int ms)
{
	/* Un simple essai (ms <= 0) raté ne dit rien de neuf : le motif précédent tient. */
	if (atteint || ms > 0)
		motif[0] = '\0';
}

bool veille_figee(struct veille *v)
{
	static pid_t t[MAX_TACHES];
	unsigned long long ns = 0;
	size_t n, vivants = 0, inconnus = 0;
	bool coinces = true;
	double ecoule = secondes_depuis(&v->releve) * 1000;

	/* Le premier relevé après RELEVE_MS : la plupart des attentes aboutissent avant, sans
	 * parcourir /proc, et conclure au figé demande de toute façon FIGE_MS d'immobilité. */
	if (ecoule < (v->actif || v->releves == 0 ? RELEVE_MS : RELEVE_LENT_MS))
		return false;
	motif[0] = '\0';
	maintenant(&v->releve);
	v->releves++;
	n = processus_item(t, MAX_TACHES);
	for (size_t i = 0; i < n; i++) {
		enum avancement a = processus(t[i], &ns);

		if (a == MORT)
			continue;
		vivants++;
		if (a == ACTIF)
			coinces = false;
		if (!lance_par_banc(t[i]))
			inconnus++;
	}
	if (inconnus > TEMPETE) {
		snprintf(motif, sizeof motif,
		         "fork en boucle : %zu processus en vie que le correcteur n'a pas lancés "
		         "(au-delà de %d, il n'attend pas l'échéance)",
		         inconnus, TEMPETE);
		return true;
	}
	/* Un relevé rapide tant que tout dort : il faut FIGE_MS d'immobilité pour conclure. */
	if (!coinces || !v->actif || ns != v->empreinte || vivants != v->nombre ||
	    ecoule > TROU_MS) {
		v->actif = coinces;
		v->empreinte = ns;
		v->nombre = vivants;
		maintenant(&v->depuis);
		return false;
	}
	if (secondes_depuis(&v->depuis) * 1000 < FIGE_MS)
		return false;
	if (vivants == 0)
		snprintf(motif, sizeof motif,
		         "plus aucun processus de l'item n'est en vie : rien ne peut plus changer");
	else if (vivants == 1)
		snprintf(motif, sizeof motif,
		         "interblocage : le seul processus en vie attend sans échéance (msgrcv, "
		         "msgsnd, semop, wait) ou est arrêté, et rien n'a bougé depuis %d ms : "
		         "personne ne peut plus le réveiller",
		         FIGE_MS);
	else
		snprintf(motif, sizeof motif,
		         "interblocage : les %zu processus en vie attendent sans échéance (msgrcv, "
		         "msgsnd, semop, wait) ou sont arrêtés, et rien n'a bougé depuis %d ms : "
		         "aucun ne peut plus réveiller les autres",
		         vivants, FIGE_MS);
	return true;
}

const char *veille_motif(void)
{
	return motif;
}
