/* appels.c : les appels système du correcteur lui-même, vérifiés (BANC, comme les SAFE_ de LTP). */
#define _GNU_SOURCE
#include "banc.h"

#include <errno.h>
#include <string.h>

/* Le sens des errno des IPC en français (strerror parle la langue de la locale « C »). */
static const char *en_francais(int e)
{
	switch (e) {
	case EACCES:
		return "permission refusée";
	case EEXIST:
		return "l'objet existe déjà";
	case ENOENT:
		return "aucun objet pour cette clé";
	case EINVAL:
		return "argument invalide (objet supprimé, ou taille ou commande refusée)";
	case EIDRM:
		return "l'objet a été supprimé";
	case ENOSPC:
		return "limite du système atteinte (nombre d'objets)";
	case ENOMEM:
		return "mémoire épuisée";
	case E2BIG:
		return "message plus long que la taille demandée";
	case EAGAIN:
		return "l'appel aurait bloqué (file pleine ou IPC_NOWAIT)";
	case ENOMSG:
		return "aucun message du type demandé";
	case EINTR:
		return "interrompu par un signal";
	case EFAULT:
		return "adresse invalide";
	case EPERM:
		return "opération non permise";
	case ERANGE:
		return "valeur hors limites";
	case EFBIG:
		return "numéro de sémaphore hors de l'ensemble";
	default:
		return strerror(e);
	}
}

static noreturn void echec_appel(int e, const char *appel, const char *explication,
                                 const char *fichier, int ligne)
{
	echec("Le banc n'a pas pu faire « %s » : %s (%s).\n%s\n(Pour l'enseignant : %s, ligne %d.)",
	      appel, en_francais(e), strerrorname_np(e) ? strerrorname_np(e) : "?",
	      explication ? explication
	                  : "Le scénario ne peut pas continuer ; si cela se reproduit avec un "
	                    "programme correct, signalez-le à l'enseignant.",
	      fichier, ligne);
}

long banc_appel_(long r, const char *appel, const char *explication, const char *fichier, int ligne)
{
	if (r == -1)
		echec_appel(errno, appel, explication, fichier, ligne);
	return r;
}

void *banc_pointeur_(void *r, const char *appel, const char *explication, const char *fichier,
                     int ligne)
{
	if (r == (void *)-1 || r == NULL)
		echec_appel(errno, appel, explication, fichier, ligne);
	return r;
}
