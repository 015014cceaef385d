/* ipc.c : lire l'état System V de l'item dans /proc/sysvipc, repérer et lister les restes. */
#define _GNU_SOURCE
#include "interne.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

static const char *const fichiers[] = {"/proc/sysvipc/msg", "/proc/sysvipc/shm",
                                       "/proc/sysvipc/sem"};

/*
 * En repli, l'espace IPC est celui de la machine ; le verrou du repli (isolation.c) y garantit
 * qu'aucune autre correction ne tourne. Sont à l'item les objets dont la clé vient de son fichier
 * clé privé, et ceux (IPC_PRIVATE compris) qui n'existaient pas à son début et ont pour créateur
 * l'uid des programmes notés : ceux d'un autre utilisateur n'y sont jamais comptés.
 */
static struct avant {
	enum genre_ipc genre;
	int id;
} * avant;
static size_t nb_avant;
static uid_t createur_item;

static bool existait_avant(const struct objet_ipc *o)
{
	for (size_t i = 0; i < nb_avant; i++)
		if (avant[i].genre == o->genre && avant[i].id == o->id)
			return true;
	return false;
}

bool objet_a_nous(const struct objet_ipc *o)
{
	if (bac.espaces_de_noms)
		return true;
	if (o->cle != IPC_PRIVATE && bac.cle[0] != '\0')
		for (int id = 1; id < 256; id++)
			if (ftok(bac.cle, id) == o->cle)
				return true;
	return o->cuid == createur_item && !existait_avant(o);
}

/* Crée puis supprime un objet IPC_PRIVATE du genre g ; rend son identifiant, -1 si refusé. */
static int creer_supprimer(enum genre_ipc g)
{
	int id;

	if (g == FILE_MSG) {
		id = msgget(IPC_PRIVATE, 0600);
		if (id != -1)
			msgctl(id, IPC_RMID, NULL);
	} else if (g == SEGMENT) {
		id = shmget(IPC_PRIVATE, 1, 0600);
		if (id != -1)
			shmctl(id, IPC_RMID, NULL);
	} else {
		id = semget(IPC_PRIVATE, 1, 0600);
		if (id != -1)
			semctl(id, 0, IPC_RMID);
	}
	return id;
}

/*
 * Sans *_next_id, le noyau donne l'identifiant séquence × 32768 + indice, et les indices
 * tournent sur au moins 64 cases : chaque tour augmente la séquence. Tant que la séquence est 0
 * (espace de noms neuf), identifiant et indice coïncident et un programme qui les confond ne se
 * voit pas ; quelques créations la font passer à 1, pour de bon.
 */
void ipc_sequences_non_nulles(void)
{
	for (int g = FILE_MSG; g <= SEMAPHORES; g++)
		for (int k = 0; k < 4096; k++) {
			int id = creer_supprimer((enum genre_ipc)g);

			if (id == -1 || id >= 32768)
				break;
		}
}

bool fixer_prochain_id(enum genre_ipc g, int id)
{
	static const char *const reglages[] = {"/proc/sys/kernel/msg_next_id",
	                                       "/proc/sys/kernel/shm_next_id",
	                                       "/proc/sys/kernel/sem_next_id"};
	FILE *f;
	bool ok;

	if (!bac.espaces_de_noms)
		return false;
	f = fopen(reglages[g], "w");
	if (f == NULL)
		return false;
	ok = fprintf(f, "%d\n", id) > 0;
	return fclose(f) == 0 && ok;
}

/* Analyse une ligne de /proc/sysvipc selon le genre ; faux si elle ne se lit pas. */
static bool analyser(enum genre_ipc g, const char *ligne, struct objet_ipc *o)
{
	long long cle;
	unsigned long a, b;
	int c, d, e;

	memset(o, 0, sizeof *o);
	o->genre = g;
	switch (g) {
	case FILE_MSG:
		if (sscanf(ligne, "%lld %d %o %lu %lu %d %d %*u %*u %u", &cle, &o->id, &o->mode, &a,
		           &b, &c, &d, &o->cuid) != 8)
			return false;
		o->octets = a;
		o->nombre = b;
		o->lspid = c;
		o->lrpid = d;
		break;
	case SEGMENT:
		if (sscanf(ligne, "%lld %d %o %lu %d %d %lu %*u %*u %u", &cle, &o->id, &o->mode, &a,
		           &c, &d, &b, &o->cuid) != 8)
			return false;
		o->octets = a;
		o->cpid = c;
		o->lpid = d;
		o->nombre = b;
		o->detruit = (o->mode & SHM_DEST) != 0;
		break;
	case SEMAPHORES:
		if (sscanf(ligne, "%lld %d %o %d %*u %*u %u", &cle, &o->id, &o->mode, &e,
		           &o->cuid) != 5)
			return false;
		o->nombre = (unsigned long)e;
		break;
	}
	o->cle = (key_t)cle;
	o->mode &= 0777;
	return true;
}

/* Les objets de /proc/sysvipc, ceux de l'item seulement si a_nous ; au plus n dans t. */
static size_t lire_objets(struct objet_ipc *t, size_t n, bool a_nous)
{
	size_t nb = 0;

	for (int g = FILE_MSG; g <= SEMAPHORES; g++) {
		FILE *f = fopen(fichiers[g], "r");
		char ligne[512];

		if (f == NULL)
			continue;
		if (fgets(ligne, sizeof ligne, f) == NULL) { /* en-tête */
			fclose(f);
			continue;
		}
		while (fgets(ligne, sizeof ligne, f) != NULL) {
			struct objet_ipc o;

			if (analyser((enum genre_ipc)g, ligne, &o) &&
			    (!a_nous || objet_a_nous(&o))) {
				if (nb < n)
					t[nb] = o;
				nb++;
			}
		}
		fclose(f);
	}
	return nb;
}

size_t lister_objets(struct objet_ipc *t, size_t n)
{
	size_t nb = lire_objets(t, n, true);

	return nb < n ? nb : n;
}

void ipc_relever_avant(uid_t createur)
{
	size_t n = lire_objets(NULL, 0, false);
	struct objet_ipc *t = calloc(n + 1, sizeof *t);

	createur_item = createur;
	free(avant);
	avant = calloc(n + 1, sizeof *avant);
	if (t == NULL || avant == NULL)
		echec("banc : mémoire épuisée");
	nb_avant = lire_objets(t, n, false);
	if (nb_avant > n) /* apparus entre les deux lectures : le verrou du repli l'exclut */
		nb_avant = n;
	for (size_t i = 0; i < nb_avant; i++)
		avant[i] = (struct avant){t[i].genre, t[i].id};
	free(t);
}

bool trouver_objet(enum genre_ipc g, key_t k, struct objet_ipc *o)
{
	struct objet_ipc t[256];
	size_t n = lister_objets(t, 256);

	for (size_t i = 0; i < n; i++)
		if (t[i].genre == g && t[i].cle == k && k != IPC_PRIVATE) {
			if (o)
				*o = t[i];
			return true;
		}
	return false;
}

struct attente_objet {
	enum genre_ipc g;
	key_t cle;
	struct objet_ipc *o;
};

static bool objet_present(void *arg)
{
	struct attente_objet *a = arg;

	return trouver_objet(a->g, a->cle, a->o);
}

bool attendre_objet(enum genre_ipc g, key_t k, int ms, struct objet_ipc *o)
{
	struct objet_ipc tmp;
	struct attente_objet a = {g, k, o ? o : &tmp};

	return attendre(objet_present, &a, ms);
}

static const char *noms[] = {"file de messages", "segment de mémoire partagée",
                             "ensemble de sémaphores"};
static const char options_ipcrm[] = {'q', 'm', 's'};

const char *objets_restants(void)
{
	static char tampon[4096];
	struct texte texte = texte_sur(tampon, sizeof tampon);
	struct objet_ipc t[64];
	size_t n = lister_objets(t, 64);

	for (size_t i = 0; i < n; i++) {
		const struct objet_ipc *o = &t[i];
		char detail[96] = "";

		/* Une ligne entière ou rien : « … » dit qu'il y en a d'autres. */
		if (texte_reste(&texte) < 200) {
			texte_couper(&texte);
			break;
		}
		if (o->genre == FILE_MSG)
			snprintf(detail, sizeof detail, ", %lu message(s)", o->nombre);
		else if (o->genre == SEGMENT)
			snprintf(detail, sizeof detail, ", %lu attachement(s)%s", o->nombre,
			         o->detruit ? ", marqué dest" : "");
		texte_ajouter(&texte, "  %s (clé 0x%08x, id %d%s) : ipcrm -%c %d\n", noms[o->genre],
		              (unsigned)o->cle, o->id, detail, options_ipcrm[o->genre], o->id);
	}
	return texte.buf;
}

void exiger_aucun_objet(const char *moment)
{
	const char *restes = objets_restants();

	if (*restes)
		echec("Attendu : aucun objet IPC %s.\nObservé : il reste :\n%s"
		      "(chaque objet reste dans le noyau jusqu'à sa suppression explicite)",
		      moment, restes);
}

void supprimer_objets(void)
{
	struct objet_ipc t[256];
	size_t n = lister_objets(t, 256);

	for (size_t i = 0; i < n; i++) {
		if (t[i].genre == FILE_MSG)
			msgctl(t[i].id, IPC_RMID, NULL);
		else if (t[i].genre == SEGMENT)
			shmctl(t[i].id, IPC_RMID, NULL);
		else
			semctl(t[i].id, 0, IPC_RMID);
	}
}

void exiger_aucune_fuite_precedente(void)
{
	char chemin[512], texte[8192];
	FILE *f;
	size_t n;

	if (reglages.dossier_rapport == NULL)
		return;
	snprintf(chemin, sizeof chemin, "%s/fuites", reglages.dossier_rapport);
	f = fopen(chemin, "r");
	if (f == NULL)
		return;
	n = fread(texte, 1, sizeof texte - 1, f);
	fclose(f);
	texte[n] = '\0';
	if (n > 0)
		echec("Attendu : à la fin de chaque scénario où les programmes se sont terminés "
		      "d'eux-mêmes, plus aucun objet IPC.\nObservé :\n%s",
		      texte);
}
