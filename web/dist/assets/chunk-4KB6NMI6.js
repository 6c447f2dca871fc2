import{a,b}from"./chunk-QOUIEVSY.js";import"./chunk-VRSCKKZI.js";import"./chunk-HJ4KLZX6.js";import"./chunk-AE2JECOI.js";import"./chunk-JOXUSMBH.js";export{a as statusPage,b as trendLine};
